// FlashPay's hosted card page, laid out like the screenshot text in seed 000 section 2: order summary,
// card number in four boxes, expiry, CVV, phone, email, consent, 立即付款, and the transaction notes.
import { formatCents } from '../../core/money.ts';
import { escapeHtml } from '../http.ts';
import { TEST_CARDS, formatCardNumber } from '../test-cards.ts';

export interface FlashPayCardPage {
  session: string;
  ordNo: string;
  shopName: string;
  /** As the seed's page prints it: "2022-8-9 16:55:8". */
  orderDate: string;
  amountCents: number;
  orderDesc: string;
  installPeriod: number;
  phone: string;
  /** The sandbox clock's year: the first year offered for the expiry. */
  year: number;
  error?: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#eef2f7;font-family:"Noto Sans TC","PingFang TC","Microsoft JhengHei",system-ui,sans-serif;color:#1f2a37;font-size:15px}
header{background:linear-gradient(90deg,#0b3d91,#1565c0);color:#fff;padding:14px 0}
.wrap{max-width:860px;margin:0 auto;padding:0 20px}
header .wrap{display:flex;align-items:center;justify-content:space-between}
.brand{font-size:22px;font-weight:700;letter-spacing:.5px}.brand small{font-size:13px;font-weight:400;opacity:.85;margin-left:10px}
.secure{font-size:13px;background:rgba(255,255,255,.15);padding:4px 10px;border-radius:12px}
main.wrap{padding:22px 20px 40px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 4px rgba(15,40,80,.12);margin-bottom:18px;overflow:hidden}
.card h2{margin:0;padding:12px 20px;font-size:17px;background:#f5f8fc;border-bottom:1px solid #e3e9f2;color:#0b3d91}
.card h2 span{font-size:13px;color:#6b7a90;font-weight:400;margin-left:6px}
table{width:100%;border-collapse:collapse}td{padding:9px 20px;border-bottom:1px solid #eef1f5;vertical-align:top}
td.l{width:38%;color:#4a5a70}td.l small{display:block;color:#8a97a8;font-size:12px}
td.v{font-weight:600}.amount{color:#c62828;font-size:18px}
.notice{color:#c62828;font-weight:600;text-align:center;padding:12px 20px;background:#fff5f5;border-bottom:1px solid #f6dada;font-size:14px}
form{padding:8px 20px 20px}.row{display:flex;align-items:center;padding:11px 0;border-bottom:1px dashed #e5eaf1}
.row label.k{width:34%;color:#33425a}.row label.k small{display:block;color:#8a97a8;font-size:12px}
.req{color:#c62828}.row .f{flex:1;display:flex;align-items:center;gap:6px;flex-wrap:wrap}
input[type=text],input[type=tel],input[type=email],select{border:1px solid #c5cfdc;border-radius:6px;padding:8px 10px;font-size:15px;background:#fff}
input:focus,select:focus{outline:2px solid #90b4ef;border-color:#1565c0}
.cardno{width:68px;text-align:center;letter-spacing:2px}.cvv{width:72px;text-align:center}.wide{width:260px}
.agree{padding:14px 0;font-size:14px}.agree a{color:#1565c0}
button{display:block;width:100%;max-width:320px;margin:8px auto 0;padding:13px;border:0;border-radius:8px;background:#ef6c00;color:#fff;font-size:18px;font-weight:700;cursor:pointer}
button small{display:block;font-size:12px;font-weight:400;opacity:.9}
.error{margin:12px 0 0;padding:10px 12px;border-radius:6px;background:#fdecea;color:#b71c1c;font-weight:600}
.notes{padding:6px 20px 16px;font-size:13px;color:#4a5a70;line-height:1.7}.notes h3{font-size:14px;color:#33425a;margin:10px 0 4px}
.back{display:inline-block;margin:4px 20px 18px;color:#1565c0}
details{padding:10px 20px 14px;font-size:13px;color:#4a5a70}summary{cursor:pointer;color:#0b3d91;font-weight:600}
details code{background:#f0f4fa;padding:1px 5px;border-radius:4px}
footer{text-align:center;color:#8a97a8;font-size:12px;padding-bottom:24px}
`;

const NOTES = [
  '為維護交易安全本公司使用銀行3D驗證功能確保信用卡資料正確性及安全性，如遇交易失敗請洽詢發卡銀行或更換銀行卡片後重新交易。',
  '本頁面已使用SSL相關安全加密機制。',
  '非經持卡人同意，如有冒用他人卡片盜刷之行為，刑法最高判處五年有期徒刑。',
  '信用卡成功交易後否認，如經判定為本人或授權刷卡的行為，相關損失及費用須自行負擔。',
  '若消費者與商家產生交易糾紛而無法達成共識時，為維護消費者權益，消費者可聯繫FlashPay金流客服人員，金流公司將會協助處理，或依據法院判決協助消費者處理該筆交易。',
];

// Moves the caret to the next box after four digits, like the real page.
const SCRIPT = `document.querySelectorAll('.cardno').forEach(function(el,i,all){el.addEventListener('input',function(){if(el.value.length>=4&&all[i+1])all[i+1].focus();});});`;

function summaryRow(zh: string, en: string, value: string, cls = ''): string {
  return `<tr><td class="l">${zh}<small>${en}</small></td><td class="v ${cls}">${escapeHtml(value)}</td></tr>`;
}

function options(values: string[], placeholder: string): string {
  return [`<option value="">${placeholder}</option>`, ...values.map((v) => `<option value="${v}">${v}</option>`)].join('');
}

export function flashPayCardPage(page: FlashPayCardPage): string {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  const years = Array.from({ length: 11 }, (_, i) => String(page.year + i));
  const cardBoxes = [1, 2, 3, 4]
    .map((i) => `<input type="text" class="cardno" name="card${i}" inputmode="numeric" maxlength="4" autocomplete="off" aria-label="信用卡卡號 第${i}段" required>`)
    .join('<span>-</span>');
  const testCards = TEST_CARDS.map((c) => `<li><code>${formatCardNumber(c.number)}</code> ${c.brand}：${escapeHtml(c.note)}</li>`).join('');
  return `<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>FlashPay 金流服務系統 - 信用卡付款</title><style>${STYLE}</style></head>
<body>
<header><div class="wrap"><div class="brand">⚡ FlashPay<small>金流服務系統</small></div><div class="secure">SSL 安全加密付款</div></div></header>
<main class="wrap">
<section class="card" aria-label="訂單資訊">
<h2>訂單資訊<span>Order Information</span></h2>
<table>
${summaryRow('訂單編號', 'Order Number', page.ordNo)}
${summaryRow('商店名稱', 'Merchant Name', page.shopName)}
${summaryRow('訂單日期', 'Order Date', page.orderDate)}
${summaryRow('訂單金額', 'Order Amount', formatCents(page.amountCents, { grouped: true }), 'amount')}
${summaryRow('訂單幣別', 'Order Currency', 'NTD')}
${summaryRow('訂單內容', 'Order Information', page.orderDesc)}
${summaryRow('付款方式', 'Payment Method', '信用卡')}
${summaryRow('分期期數', 'Number Of Installments', String(page.installPeriod))}
</table>
</section>
<section class="card" aria-label="付款方式">
<h2>付款方式<span>Payment Method</span></h2>
<div class="notice">*** 此為FlashPay測試環境，請勿輸入正式卡號，若有任何問題請於商家聯絡 ***</div>
<form method="post" action="/pay.php" autocomplete="off">
<input type="hidden" name="session" value="${escapeHtml(page.session)}">
<div class="row"><label class="k"><span class="req">*</span>信用卡卡號<small>Credit Card Number</small></label><div class="f">${cardBoxes}</div></div>
<div class="row"><label class="k"><span class="req">*</span>有效期限<small>Card Valid Thru</small></label><div class="f">
<select name="exp_month" aria-label="有效期限 月" required>${options(months, '--')}</select> 月
<select name="exp_year" aria-label="有效期限 年" required>${options(years, '----')}</select> 年</div></div>
<div class="row"><label class="k" for="cvv"><span class="req">*</span>信用卡安全碼<small>CVV Code</small></label><div class="f"><input type="text" id="cvv" class="cvv" name="cvv" inputmode="numeric" maxlength="3" aria-label="信用卡安全碼" required><small>卡片背面末三碼</small></div></div>
<div class="row"><label class="k" for="phone">手機號碼<small>Mobile Number</small></label><div class="f"><input type="tel" id="phone" class="wide" name="phone" placeholder="0123456789" value="${escapeHtml(page.phone)}" aria-label="手機號碼"></div></div>
<div class="row"><label class="k" for="email">電子信箱<small>Email Address</small></label><div class="f"><input type="email" id="email" class="wide" name="email" placeholder="請填入真實電子信箱" aria-label="電子信箱"></div></div>
<div class="agree"><label><input type="checkbox" name="agree" value="1" aria-label="我已詳閱並同意條款"> 我已詳閱並同意 <a href="#terms">FlashPay金流電子支付約定條款</a></label></div>
${page.error ? `<div class="error" role="alert">${escapeHtml(page.error)}</div>` : ''}
<button type="submit">立即付款<small>Press to pay</small></button>
</form>
<div class="notes"><h3>*交易注意事項</h3><ul>${NOTES.map((n) => `<li>${n}</li>`).join('')}</ul></div>
<details><summary>沙盒測試卡號 Sandbox test cards</summary><ul>${testCards}</ul><p>安全碼任意三碼，有效期限任一未過期月份。</p></details>
<a class="back" href="javascript:history.back()">回上一頁</a>
</section>
</main>
<footer>FlashPay 金流服務系統 · 測試環境 Sandbox</footer>
<script>${SCRIPT}</script>
</body></html>`;
}

/** An error or notice shown in the hosted page's frame (expired session, already paid). */
export function flashPayMessagePage(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>FlashPay 金流服務系統</title><style>${STYLE}</style></head>
<body><header><div class="wrap"><div class="brand">⚡ FlashPay<small>金流服務系統</small></div></div></header>
<main class="wrap"><section class="card"><h2>${escapeHtml(title)}</h2><p style="padding:16px 20px">${escapeHtml(message)}</p></section></main></body></html>`;
}
