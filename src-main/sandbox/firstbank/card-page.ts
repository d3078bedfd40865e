// First Bank 整合支付平台's hosted payment pages: the credit card form and the TENPAY (跨境第e支付)
// confirmation, plus the platform's default result page (CustomResultPage 0) and the auto-submitted
// result form (CustomResultPage 1).
import { escapeHtml } from '../http.ts';
import { TEST_CARDS, formatCardNumber } from '../test-cards.ts';

export interface FirstBankPayPage {
  session: string;
  platformName: string;
  orderId: string;
  productName: string;
  amount: number;
  shippingFee: number;
  payType: 'CREDIT' | 'TENPAY';
  transType: string;
  periodNum: string;
  timeoutSecs: string;
  year: number;
  error?: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f3f5f8;font-family:"Noto Sans TC","PingFang TC","Microsoft JhengHei",system-ui,sans-serif;color:#222;font-size:15px}
header{background:#fff;border-bottom:4px solid #c8a24a}header .wrap{display:flex;align-items:center;gap:14px;padding:12px 20px}
.logo{width:40px;height:40px;border-radius:50%;background:#00579c;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:800;font-size:14px;letter-spacing:-1px}
.bank{font-size:20px;font-weight:700;color:#00579c}.bank small{display:block;font-size:12px;color:#6d7b8c;font-weight:400;letter-spacing:1px}
.wrap{max-width:820px;margin:0 auto}.steps{display:flex;gap:8px;margin:18px 20px 0;font-size:13px}
.steps span{flex:1;text-align:center;padding:7px;border-radius:4px;background:#e2e8ef;color:#6d7b8c}.steps span.on{background:#00579c;color:#fff}
.panel{background:#fff;margin:16px 20px;border:1px solid #dde3ea;border-radius:6px}
.panel h2{margin:0;padding:11px 18px;background:#f7f9fb;border-bottom:1px solid #dde3ea;font-size:16px;color:#00579c}
dl{display:grid;grid-template-columns:150px 1fr;margin:0;padding:8px 18px}dt{color:#5b6978;padding:7px 0}dd{margin:0;padding:7px 0;font-weight:600}
.amt{color:#d32f2f;font-size:20px}.sandbox{margin:12px 18px 0;padding:9px 12px;border-left:4px solid #c8a24a;background:#fff8e6;font-size:13px;color:#7a5b00}
form{padding:6px 18px 18px}.row{display:flex;align-items:center;padding:10px 0;border-bottom:1px solid #eef1f4}
.row label.k{width:150px;color:#333}.f{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
input[type=text],select{border:1px solid #b9c4d0;border-radius:4px;padding:8px 9px;font-size:15px}
.cardno{width:66px;text-align:center;letter-spacing:2px}.cvv{width:64px;text-align:center}
.buttons{display:flex;gap:12px;justify-content:center;margin-top:18px}
button,.cancel{padding:11px 34px;border-radius:4px;font-size:16px;font-weight:700;border:0;cursor:pointer;text-decoration:none}
button{background:#00579c;color:#fff}.cancel{background:#e2e8ef;color:#333}
.error{margin-top:12px;padding:9px 12px;background:#fdecea;color:#b71c1c;border-radius:4px;font-weight:600}
.timer{font-size:13px;color:#5b6978;margin:10px 0 0}.brands{font-size:12px;color:#5b6978}
.tenpay{text-align:center;padding:18px}.qr{width:150px;height:150px;margin:10px auto;background:repeating-linear-gradient(45deg,#222 0 6px,#fff 6px 12px);border:8px solid #fff;outline:1px solid #ccc}
details{padding:0 18px 14px;font-size:13px;color:#5b6978}summary{cursor:pointer;color:#00579c}
footer{text-align:center;font-size:12px;color:#8896a5;padding:10px 0 26px}
.result{text-align:center;padding:26px 18px}.result .big{font-size:24px;font-weight:700}.ok{color:#2e7d32}.fail{color:#c62828}
`;

function frame(title: string, body: string, extraHead = ''): string {
  return `<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style>${extraHead}</head>
<body><header><div class="wrap"><div class="logo">一銀</div><div class="bank">第一銀行 整合支付平台<small>FIRST BANK · PAYMENT GATEWAY</small></div></div></header>
<main class="wrap">${body}</main><footer>第一商業銀行 整合支付平台 · 測試環境 Sandbox · 本頁面使用 SSL 加密傳輸</footer></body></html>`;
}

function tradeTypeText(page: FirstBankPayPage): string {
  if (page.payType === 'TENPAY') return '財付通(跨境第e支付)';
  if (page.transType === '1') return `信用卡分期 ${escapeHtml(page.periodNum)} 期`;
  if (page.transType === '2') return '信用卡紅利折抵';
  return '信用卡一般交易';
}

function summary(page: FirstBankPayPage): string {
  const total = page.amount + page.shippingFee;
  return `<section class="panel" aria-label="訂單資訊"><h2>訂單資訊</h2><dl>
<dt>特店名稱</dt><dd>${escapeHtml(page.platformName)}</dd>
<dt>訂單編號</dt><dd>${escapeHtml(page.orderId)}</dd>
<dt>商品名稱</dt><dd>${escapeHtml(page.productName)}</dd>
<dt>付款方式</dt><dd>${tradeTypeText(page)}</dd>
<dt>訂單金額</dt><dd class="amt">NT$ ${total.toLocaleString('en-US')}${page.shippingFee > 0 ? ` <small>(含運費 ${page.shippingFee})</small>` : ''}</dd>
</dl></section>`;
}

export function firstBankPayPage(page: FirstBankPayPage): string {
  const error = page.error ? `<div class="error" role="alert">${escapeHtml(page.error)}</div>` : '';
  if (page.payType === 'TENPAY') {
    return frame('第一銀行 整合支付平台 - 跨境第e支付', `<div class="steps"><span>1 確認訂單</span><span class="on">2 付款</span><span>3 完成</span></div>${summary(page)}
<section class="panel" aria-label="跨境第e支付"><h2>財付通 跨境第e支付</h2><div class="sandbox">此為測試環境：不需掃描，按「確認付款」即模擬買家以財付通完成付款。</div>
<div class="tenpay"><div class="qr" aria-hidden="true"></div><p>請使用微信掃描 QR Code 完成付款</p>
<form method="post" action="/PayServerOnline/Pay"><input type="hidden" name="session" value="${escapeHtml(page.session)}">${error}
<div class="buttons"><button type="submit">確認付款</button></div></form></div></section>`);
  }
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  const years = Array.from({ length: 11 }, (_, i) => String(page.year + i));
  const option = (v: string): string => `<option value="${v}">${v}</option>`;
  const boxes = [1, 2, 3, 4].map((i) => `<input type="text" class="cardno" name="card${i}" inputmode="numeric" maxlength="4" autocomplete="off" aria-label="卡號 第${i}段" required>`).join('<span>-</span>');
  const cards = TEST_CARDS.map((c) => `<li><code>${formatCardNumber(c.number)}</code> ${c.brand}：${escapeHtml(c.note)}</li>`).join('');
  return frame('第一銀行 整合支付平台 - 信用卡付款', `<div class="steps"><span>1 確認訂單</span><span class="on">2 輸入卡號</span><span>3 完成</span></div>${summary(page)}
<section class="panel" aria-label="信用卡付款"><h2>信用卡付款</h2>
<div class="sandbox">*** 此為整合支付平台測試環境，請勿輸入真實卡號 ***</div>
<form method="post" action="/PayServerOnline/Pay" autocomplete="off"><input type="hidden" name="session" value="${escapeHtml(page.session)}">
<div class="row"><label class="k">信用卡卡號</label><div class="f">${boxes}<span class="brands">VISA / MasterCard / JCB</span></div></div>
<div class="row"><label class="k">有效期限</label><div class="f"><select name="exp_month" aria-label="有效月份" required><option value="">月</option>${months.map(option).join('')}</select> /
<select name="exp_year" aria-label="有效年份" required><option value="">年</option>${years.map(option).join('')}</select></div></div>
<div class="row"><label class="k" for="cvv">背面末三碼</label><div class="f"><input type="text" id="cvv" class="cvv" name="cvv" maxlength="3" inputmode="numeric" aria-label="背面末三碼" required></div></div>
${error}
<p class="timer">請於 ${escapeHtml(page.timeoutSecs)} 秒內完成交易，逾時交易將自動取消。</p>
<div class="buttons"><button type="submit">確認付款</button><a class="cancel" href="javascript:history.back()">取消</a></div>
</form>
<details><summary>沙盒測試卡號 Sandbox test cards</summary><ul>${cards}</ul><p>末三碼任意三位數字，有效期限任一未過期月份。</p></details>
</section>`);
}

export function firstBankResultPage(paid: boolean, orderId: string, detail: string, backUrl: string): string {
  const back = backUrl ? `<p><a href="${escapeHtml(backUrl)}">返回商店</a></p>` : '';
  return frame('第一銀行 整合支付平台 - 交易結果', `<section class="panel"><div class="result"><div class="big ${paid ? 'ok' : 'fail'}">${paid ? '交易成功' : '交易未完成'}</div>
<p>訂單編號 ${escapeHtml(orderId)}</p><p>${escapeHtml(detail)}</p>${back}</div></section>`);
}

/** CustomResultPage 1: the signed result is POSTed to ResURL by the buyer's browser. */
export function firstBankResultForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}">`).join('');
  return frame('第一銀行 整合支付平台 - 返回商店', `<section class="panel"><div class="result"><p>交易處理完成，正在返回商店…</p>
<form id="back" method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">返回商店</button></noscript></form></div></section>
<script>document.getElementById('back').submit();</script>`);
}

export function firstBankMessagePage(title: string, message: string): string {
  return frame('第一銀行 整合支付平台', `<section class="panel"><h2>${escapeHtml(title)}</h2><p style="padding:14px 18px">${escapeHtml(message)}</p></section>`);
}
