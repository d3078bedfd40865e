// The one catalogue of what the console says: every message that crosses from the core to a shell (an
// error, a refusal, a result, a progress line) is a code with parameters, and each code has its
// zh-TW and English text here, in ICU MessageFormat. The renderer, the CLI and the workbook all render
// from this table. Parameter conventions (render.ts): a `…Cents` number is shown as money under the
// name without the suffix, a `…Ms` number as Taipei time, a `…Day` 'YYYY-MM-DD' as a day in the
// user's style.

import { APPROVAL_MESSAGES } from './catalogue-approvals.ts';
import { CLI_MESSAGES } from './catalogue-cli.ts';
import { FILE_MESSAGES } from './catalogue-files.ts';
import { TEAM_MESSAGES } from './catalogue-team.ts';
import { UI_MESSAGES } from './catalogue-ui.ts';

export const LANGS = ['zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const CATALOGUE = {
  ...FILE_MESSAGES,
  ...TEAM_MESSAGES,
  ...APPROVAL_MESSAGES,
  ...CLI_MESSAGES,
  ...UI_MESSAGES,
  // Plain-language network errors (issue #17): what a person can act on, the technical detail apart.
  'net.host_not_found': {
    'zh-TW': '無法連線到 {gateway}（{host} 找不到主機）：請檢查網址是否正確、電腦是否連上網路。',
    en: 'Cannot reach {gateway} ({host}: host not found). Check the address and the network connection.',
  },
  'net.refused': {
    'zh-TW': '無法連線到 {gateway}（{host} 拒絕連線）：服務可能暫停或網址的連接埠不對。',
    en: 'Cannot reach {gateway} ({host} refused the connection). The service may be down or the port is wrong.',
  },
  'net.timeout': {
    'zh-TW': '{gateway}（{host}）在 {seconds} 秒內沒有回應：請稍後再試。',
    en: '{gateway} ({host}) did not answer within {seconds, plural, one {# second} other {# seconds}}. Try again later.',
  },
  'net.reset': {
    'zh-TW': '與 {gateway}（{host}）的連線中途中斷：請稍後再試。',
    en: 'The connection to {gateway} ({host}) was cut off. Try again later.',
  },
  'net.tls': {
    'zh-TW': '無法與 {gateway}（{host}）建立安全連線：對方的憑證無法驗證。',
    en: 'Cannot open a secure connection to {gateway} ({host}): its certificate could not be verified.',
  },
  'net.http_status': {
    'zh-TW': '{gateway}（{host}）回應錯誤（HTTP {status}）：請稍後再試，若持續發生請聯絡金流商。',
    en: '{gateway} ({host}) answered with an error (HTTP {status}). Try again later; if it persists, contact the gateway.',
  },
  'net.too_large': {
    'zh-TW': '{gateway}（{host}）的回應超過 {limitMb} MB 上限，已中止讀取。',
    en: 'The answer from {gateway} ({host}) was larger than the {limitMb} MB limit; reading stopped.',
  },
  'net.other': {
    'zh-TW': '無法連線到 {gateway}（{host}）。',
    en: 'Cannot reach {gateway} ({host}).',
  },
  'bridge.offline': {
    'zh-TW': '連不到對帳主控台的程序：它可能已經關閉，請重新開啟。',
    en: 'The console process is not reachable; is it still running?',
  },
  'bridge.bad_answer': {
    'zh-TW': '對帳主控台的回應無法讀取（HTTP {status}）。',
    en: 'Unexpected answer from the console (HTTP {status}).',
  },
  // What a gateway's answer said, or why it could not be trusted.
  'gateway.answered': { 'zh-TW': '{gateway} 回覆 {code}：{text}', en: '{gateway} answered {code}: {text}' },
  'gateway.chk_mismatch': {
    'zh-TW': '{gateway} 回應的檢查碼（chk）與內容不符：可能在傳輸中被竄改或截斷，或設定檔的金鑰不對。',
    en: "{gateway}'s answer failed its check (chk does not match the data): altered or cut off in transit, or the profile's keys are wrong.",
  },
  'gateway.wrong_keys': {
    'zh-TW': '無法用這個設定檔的 HashKey／HashIV 解開 {gateway} 的回應：請檢查金鑰是否正確。',
    en: "{gateway}'s answer could not be opened with this profile's HashKey/HashIV: check the keys.",
  },
  'gateway.signature_mismatch': {
    'zh-TW': '{gateway} 回應的簽章不符：可能在傳輸中被竄改，或 HashKey 不對。',
    en: "{gateway}'s answer signature does not match: altered in transit, or the HashKey is wrong.",
  },
  // Sync: which profile, which part, and why.
  'sync.failed': { 'zh-TW': '{profile}：{where}：{reason}', en: '{profile}: {where}: {reason}' },
  'sync.summary': {
    'zh-TW': '{profile}：{state, select, done {完成} failed {有錯誤} cancelled {已取消} other {{state}}}：新增 {inserted} 筆、更新 {updated} 筆、錯誤 {errors} 筆',
    en: '{profile}: {state}: {inserted} new, {updated} updated, {errors, plural, one {# error} other {# errors}}',
  },
  'sync.no_known_orders': {
    'zh-TW': '{profile}：{fromDay}–{toDay} 沒有已知的訂單。{gateway}沒有區間查詢：請匯入商店帳本（含 ReCheckId），或在通知檢查器貼上通知，讓訂單成為已知。',
    en: "{profile}: no known orders in {fromDay}..{toDay}. {gateway} has no range query: import the shop's ledger (with ReCheckId) or paste a notification in the inspector to make orders known.",
  },
  'sync.starting': { 'zh-TW': '{profile}：開始同步 {fromDay}–{toDay}', en: 'sync {profile} {fromDay}..{toDay}' },
  'sync.chunks_to_fetch': {
    'zh-TW': '{gateway} {fromDay}–{toDay}：共 {total} 段，需下載 {pending} 段',
    en: '{gateway} {fromDay}..{toDay}: {pending} of {total} chunks to fetch',
  },
  'sync.fetching_chunk': { 'zh-TW': '{gateway}：下載 {fromDay}–{toDay} 的訂單', en: '{gateway} chunk {fromDay}..{toDay}' },
  'sync.requery_candidates': {
    'zh-TW': '{gateway}：{count} 筆訂單需逐筆重新查詢',
    en: '{gateway}: {count, plural, one {# order} other {# orders}} to re-query',
  },
  'sync.requery_known': {
    'zh-TW': '{gateway}：重新查詢 {count} 筆已知訂單',
    en: '{gateway}: re-querying {count, plural, one {# known order} other {# known orders}}',
  },
  'sync.where_chunk': { 'zh-TW': '{fromDay}–{toDay} 的訂單', en: 'chunk {fromDay}..{toDay}' },
  'sync.where_order': { 'zh-TW': '訂單 {orderNo}', en: 'order {orderNo}' },
  // Reconciliation exceptions: what the shop's ledger and the gateway disagree about.
  'recon.amount_mismatch': {
    'zh-TW': '商店帳本為 {ledger}，金流為 {gateway}（差額 {difference}）',
    en: 'the shop has {ledger}, the gateway {gateway} (difference {difference})',
  },
  'recon.status_mismatch': {
    'zh-TW': '商店記為{shop, select, paid {已付款} refunded {已退款} cancelled {已取消} pending {處理中} failed {失敗} other {其他}}（{shopText}），金流為 {gatewayStatus}',
    en: 'the shop says {shop} ({shopText}), the gateway says {gatewayStatus}',
  },
  'recon.missing_at_gateway': { 'zh-TW': '金流沒有這個編號的訂單', en: 'no gateway order with this number' },
  'recon.unconfirmed': {
    'zh-TW': '金流尚未確認這筆訂單（只從帳本或通知得知）：請同步或重新查詢',
    en: 'the gateway has not confirmed this order yet (it is known only from the ledger or a notification): sync or re-query it',
  },
  'recon.missing_in_ledger': {
    'zh-TW': '金流已收款，但商店帳本沒有這筆（可能漏收付款通知？）',
    en: 'paid at the gateway, but the shop has no row for it (a missed payment notification?)',
  },
  'recon.paid_twice': {
    'zh-TW': '商店訂單 {orderNo} 在金流有第二筆已付款訂單（帳本那一列已對到另一筆）：重複付款？',
    en: 'a second paid gateway order for shop order {orderNo} (its ledger row matched another order): paid twice?',
  },
  // The audit log's event codes, as a person reads them (the code itself stays beside the words).
  'audit.event': {
    'zh-TW': '{family, select, action {{kind, select, cancel {取消} refund {退款} other {{kind}}}：{stage, select, intent {鎖定訂單、重新查詢} refused {已拒絕} repeated {重複的請求} sent {已送出} resolved {已確認結果} result {金流回覆} unknown {結果不明} not_applied {確認未執行} other {{stage}}}} anomaly {接受異常資料} audit {稽核鏈定錨} ledger {匯入帳本} period {{stage, select, close {結帳} reopen {重新開啟結帳期間} other {{stage}}}} reconcile {{stage, select, run {執行對帳} resolve {處理對帳例外} resolved {處理對帳例外} accept {接受差異} accepted {接受差異} other {{stage}}}} profile {{stage, select, add {新增設定檔} remove {刪除設定檔} secrets {更換金鑰} update {修改設定檔} other {{stage}}}} approval {{stage, select, requested {申請兩人核准} approved {已核准} rejected {已退回核准申請} expired {核准申請逾期} refused {核准步驟被拒絕} policy {變更核准門檻} other {{stage}}}} account {{stage, select, add {新增帳號} disable {停用帳號} reset_password {重設密碼} sign_in {登入} other {{stage}}}} access {{stage, select, refused {拒絕權限不足的操作} other {{stage}}}} other {{family}}}',
    en: '{family, select, action {{kind, select, cancel {Cancel} refund {Refund} other {{kind}}}: {stage, select, intent {order locked, re-querying} refused {refused} repeated {repeated request} sent {sent} resolved {outcome settled} result {gateway answer} unknown {outcome unknown} not_applied {marked not applied} other {{stage}}}} anomaly {Implausible data accepted} audit {Audit chain anchored} ledger {Ledger imported} period {{stage, select, close {Period closed} reopen {Period reopened} other {{stage}}}} reconcile {{stage, select, run {Reconciliation run} resolve {Exception resolved} resolved {Exception resolved} accept {Difference accepted} accepted {Difference accepted} other {{stage}}}} profile {{stage, select, add {Profile added} remove {Profile removed} secrets {Keys replaced} update {Profile changed} other {{stage}}}} approval {{stage, select, requested {Approval requested} approved {Approved} rejected {Approval rejected} expired {Approval request expired} refused {Approval step refused} policy {Approval policy changed} other {{stage}}}} account {{stage, select, add {User added} disable {User disabled} reset_password {Password reset} sign_in {Sign-in} other {{stage}}}} access {{stage, select, refused {Access refused} other {{stage}}}} other {{family}}}',
  },
  // Profile settings, field by field.
  'profile.not_web_address': { 'zh-TW': '「{text}」不是網址（網址以 https:// 開頭）', en: '"{text}" is not a web address (it starts with https://)' },
  'profile.needs_https': { 'zh-TW': '網址必須使用 https（只有本機的沙盒可以用 http）：「{text}」', en: 'the address must use https (plain http only for a sandbox on this machine): "{text}"' },
  'profile.url_credentials': { 'zh-TW': '網址裡不能包含帳號或密碼', en: 'the address must not carry a user name or password' },
  'profile.bad_name': { 'zh-TW': '設定檔名稱為 1–40 個字，可用中英文、數字、空格、點、連字號或底線', en: 'a profile name is 1-40 letters, digits, spaces, dots, dashes or underscores' },
  'profile.bad_merchant_id': { 'zh-TW': '特店代號為 1–40 個英文字母、數字、連字號或底線', en: 'the merchant id is 1-40 letters, digits, dashes or underscores' },
  'profile.bad_fee_rate': { 'zh-TW': '手續費率必須介於 0% 到 20%', en: 'the fee rate must be between 0% and 20%' },
  'profile.bad_fixed_fee': { 'zh-TW': '固定手續費不能是負數', en: 'the fixed fee must be a non-negative amount' },
  'profile.name_taken': { 'zh-TW': '已經有名為「{name}」的設定檔', en: 'a profile named "{name}" already exists' },
  'profile.hashkey_empty': { 'zh-TW': 'HashKey 不能空白', en: 'the HashKey is empty' },
  'profile.secret_length': { 'zh-TW': '{secret} 必須是 {length} 個字元', en: 'a {secret} is {length} characters' },
  'input.day_shape': { 'zh-TW': '{what} 的日期格式應為 YYYY-MM-DD，收到「{text}」', en: '{what} must be YYYY-MM-DD, got "{text}"' },
  'input.not_a_day': { 'zh-TW': '{what}：沒有「{text}」這一天（請檢查月份與日期）', en: '{what} is not a real calendar day: "{text}"' },
  'input.not_amount': { 'zh-TW': '「{text}」不是金額（例如 1,200 或 99.5）', en: '"{text}" is not an amount (e.g. 1,200 or 99.5)' },
  // A profile's connection test (Settings, recon profile test).
  'conn.flashpay_ok': { 'zh-TW': 'FlashPay 有回應，檢查碼驗證通過（今天 {orders} 筆訂單）', en: 'FlashPay answered and its chk verified ({orders, plural, one {# order} other {# orders}} today)' },
  'conn.firstbank_ok': {
    'zh-TW': '第一銀行有回應{signed, select, yes {，簽章驗證通過} other {}}（TENPAY 匯率 {rate}）',
    en: 'First Bank answered{signed, select, yes { with a valid signature} other {}} (TENPAY rate {rate})',
  },
  'conn.firstbank_key_rejected': { 'zh-TW': '第一銀行回覆 {code}（{text}）：請檢查 HashKey 與平台代號', en: 'First Bank answered {code} ({text}): check the HashKey and platform id' },
  'conn.firstbank_answered': { 'zh-TW': '第一銀行有回應（{code} {text}）：連線與金鑰都沒問題', en: 'First Bank answered ({code} {text}); the connection and key work' },
  // A ledger row that cannot be read, and why.
  'ledger.no_order_no': { 'zh-TW': '沒有訂單編號', en: 'no order number' },
  'ledger.bad_order_no': { 'zh-TW': '不是訂單編號（只能有英數字與 - _ . # /，最多 64 字）', en: 'not an order number (letters, digits, - _ . # / only, at most 64)' },
  'ledger.no_amount': { 'zh-TW': '沒有金額', en: 'no amount' },
  'ledger.bad_amount': { 'zh-TW': '不是金額（例如 1200、1,200.50）', en: 'not an amount (e.g. 1200, 1,200.50)' },
  'ledger.negative_amount': { 'zh-TW': '金額是負數：退款請記在狀態欄、原訂單那一列', en: 'a negative amount: a refund belongs in the status column, on the order itself' },
  'ledger.no_date': { 'zh-TW': '沒有訂單時間', en: 'no order time' },
  'ledger.bad_date': {
    'zh-TW': '不是日期（例如 2024/03/05、2024-03-05 14:03、113/3/5、20240305、2024年3月5日）',
    en: 'not a date (e.g. 2024/03/05, 2024-03-05 14:03, 113/3/5, 20240305, 2024年3月5日)',
  },
  'ledger.bad_status': { 'zh-TW': '不認得的狀態文字；請用：{examples}', en: 'unknown status word; use one of {examples}' },
  'ledger.duplicate': { 'zh-TW': '同一個訂單編號已在第 {row} 列', en: 'the same order number is already on row {row}' },
  'requery.not_known': {
    'zh-TW': '{gateway}的訂單 {orderNo} 不在快取中，或缺少查詢所需的資料（{gateway}無法用訂單編號查詢）：請先同步或匯入帳本',
    en: '{gateway} order {orderNo} is not in the cache with what a query needs ({gateway} has no search by order number); sync or import it first',
  },
  // The notification inspector: what to know before believing a notification.
  'notify.not_104': { 'zh-TW': 'tx_type 為 {txType}，不是 104：這是查詢的回應，不是 return_url 通知', en: 'tx_type is {txType}, not 104: an answer to a query rather than a return_url notification' },
  'notify.status_inferred': { 'zh-TW': '沒有 order_status：狀態 {code} 是由 ret_code {retCode} 推斷', en: 'no order_status: {code} inferred from ret_code {retCode}' },
  'notify.no_amount': { 'zh-TW': '沒有 tx_amt 或 amt：金額不明', en: 'no tx_amt or amt: the amount is unknown' },
  'notify.signed-stray-space': { 'zh-TW': '簽章在 HashKey 後多了一個空格（與規格 3.5 範例相同）；照這個方式簽章相符', en: "signed with a stray space after the HashKey (as in the seed's 3.5 example); the signature holds that way" },
  'notify.signed-plugin-rule': {
    'zh-TW': '依 WooCommerce 外掛的規則簽章（略過空欄位、欄名不分大小寫排序），不是規格的規則；照這個方式簽章相符，但空欄位不在簽章範圍內',
    en: "signed under the WooCommerce plugin's rule (empty fields left out, names in case-insensitive order), not the seed's; the signature holds that way, and empty fields are not covered by it",
  },
  'notify.tool-status-swapped': { 'zh-TW': 'ToolStatus 與 ToolDesc 似乎對調了（與規格 3.5 範例相同）', en: "ToolStatus and ToolDesc look swapped (as in the seed's 3.5 example)" },
  'notify.paid-status-not-confirmed': { 'zh-TW': 'TransStatus 為 2，但 ToolStatus 不是 0000：不是確認的付款', en: 'TransStatus 2 but ToolStatus is not 0000: not a confirmed payment' },
  'notify.unknown_kind': { 'zh-TW': '看不出是哪一家金流的通知', en: 'not a notification of any gateway the console knows' },
  'notify.wrong_gateway': { 'zh-TW': '這是 {kind} 的訊息，但 {profile} 是 {gateway} 的設定檔', en: 'this is a {kind} message, but {profile} is a {gateway} profile' },
  // The command line's own refusals.
  'cli.unknown_command': {
    'zh-TW': '沒有 {command} 這個指令（執行 recon --help 查看所有指令）。',
    en: 'unknown command: {command} (see recon --help)',
  },
  'cli.option_required': {
    'zh-TW': '{command} 需要 {option}（執行 {command} --help 查看說明）。',
    en: '{command}: {option} is required (see --help)',
  },
  'cli.bad_option': {
    'zh-TW': '{command} 的選項有誤：{reason}（執行 {command} --help 查看說明）。',
    en: '{command}: {reason}',
  },
  'cli.bad_lang': {
    'zh-TW': '--lang 只能是 zh-TW 或 en，不能是「{value}」。',
    en: '--lang takes zh-TW or en, not "{value}"',
  },
  // The team database (PostgreSQL, RECON_DATABASE_URL) and moving a desktop into it.
  'team.database_url': {
    'zh-TW': 'RECON_DATABASE_URL 必須是 postgres:// 或 postgresql:// 開頭的網址（若要使用資料夾中的 SQLite 檔案，請取消設定）。',
    en: 'RECON_DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the SQLite file in the data folder)',
  },
  'team.server_tools': {
    'zh-TW': '{command}：目前使用的是團隊資料庫（PostgreSQL），請改用資料庫伺服器的工具（{tool}）。',
    en: '{command}: the store is the team database (PostgreSQL, RECON_DATABASE_URL); use the database server\'s own tools ({tool})',
  },
  'team.import_conflict': {
    'zh-TW': '團隊資料庫中已有不同的 {table} 資料（{key}），那不是這台電腦的資料；未寫入任何內容。',
    en: "the team database already holds a different {table} row ({key}): it is not this desktop's data; nothing was written",
  },
  'team.import_schema': {
    'zh-TW': '這台電腦的資料庫版本為 {have}，本版主控台為 {want}：請先用本版開啟一次（recon db migrate）再匯入；未寫入任何內容。',
    en: "the desktop database is at schema {have}, this console's is {want}: open it once with this version (recon db migrate) and import again; nothing was written",
  },
  'team.import_audit': {
    'zh-TW': '稽核紀錄驗證失敗（{detail}）；未寫入任何內容。',
    en: 'the audit log does not verify ({detail}); nothing was written',
  },
  // Cancel and refund: why an action is refused, what it will do, how it ended.
  'refusal.pending': {
    'zh-TW': '訂單仍在處理中（{status}）：請稍後再查詢，目前沒有可取消或退款的款項。',
    en: 'the order is still processing ({status}); query it again later, there is nothing to cancel or refund yet.',
  },
  'refusal.failed': {
    'zh-TW': '交易沒有成功（{status}）：沒有扣款，無需取消或退款。',
    en: 'the transaction did not go through ({status}); no money was taken, there is nothing to cancel or refund.',
  },
  'refusal.cancelled': { 'zh-TW': '訂單已取消（{status}）。', en: 'the order is already cancelled ({status}).' },
  'refusal.refunded': { 'zh-TW': '訂單已退款（{status}）。', en: 'the order is already refunded ({status}).' },
  'refusal.refund_pending': { 'zh-TW': '退款已在處理中（{status}）：請等它完成。', en: 'a refund is already in progress ({status}); wait for it to complete.' },
  'refusal.cancel_pending': { 'zh-TW': '取消已在處理中（{status}）：請等它完成。', en: 'a cancellation is in progress ({status}); wait for it to complete.' },
  'refusal.not_paid': { 'zh-TW': '訂單已建立但尚未付款（{status}）：沒有可退的款項。', en: 'the order is created but not paid ({status}); there is nothing to refund.' },
  'refusal.amount_mismatch': { 'zh-TW': '平台回報金額不符（{status}）：請到 {backOffice} 處理。', en: 'the platform reports an amount mismatch ({status}); resolve it in {backOffice}.' },
  'refusal.unknown_status': {
    'zh-TW': '{gateway} 回報的狀態「{code}」主控台不認得：請到 {backOffice} 查看這筆訂單。',
    en: '{gateway} reports status "{code}", which the console does not know; check the order in {backOffice}.',
  },
  'refusal.use_cancel': {
    'zh-TW': '訂單已授權但尚未請款（{status}）：沒有可退的款項，請改用「取消授權」，它會撤銷授權。',
    en: 'the order is authorized but not captured ({status}): there is nothing to refund; cancel it instead, which voids the authorization.',
  },
  'refusal.partly_refunded': {
    'zh-TW': '{gateway} 顯示這筆訂單已退款 {refunded}；API 只能退全額，剩下的請到 {backOffice} 處理。',
    en: '{gateway} already shows {refunded} refunded on this order; the API refunds only the full amount, so finish it in {backOffice}.',
  },
  'refusal.no_cancel_api': {
    'zh-TW': '{gateway} 的 API 沒有取消功能：已付款的訂單可以全額退款，或到 {backOffice} 取消。',
    en: "{gateway}'s API has no cancellation; a paid order can be refunded in full, or cancelled in {backOffice}.",
  },
  'refusal.partial_amount': {
    'zh-TW': 'API 只能{verb, select, cancel {取消} other {退款}}整筆訂單金額（{amount}），不能是 {requested}；部分退款請到 {backOffice} 辦理。',
    en: 'the API can only {verb, select, cancel {cancel} other {refund}} the full order amount ({amount}), not {requested}; partial refunds are done in {backOffice}.',
  },
  'refusal.not_confirmed': { 'zh-TW': '這個動作還沒有確認（請在對話框按確認，或在指令加上 --yes）。', en: 'the action was not confirmed (confirm in the dialog, or pass --yes).' },
  'refusal.typed_amount': {
    'zh-TW': '{amount} 達到需再次輸入金額的門檻（{threshold}）：請準確輸入金額以確認。',
    en: '{amount} is at or above the confirmation threshold ({threshold}): type the amount exactly to confirm.',
  },
  'refusal.query_failed': {
    'zh-TW': '無法向金流重新查詢這筆訂單（{reason}）：在能查詢之前不會送出任何動作。',
    en: 'the order could not be re-queried at the gateway ({reason}); nothing can be sent until it can.',
  },
  'refusal.in_progress': {
    'zh-TW': '這筆訂單已有動作在進行中（{operator} 於 {since} 開始，#{id}）：請等它結束。',
    en: 'an action on this order is in progress (by {operator} since {since}, #{id}); wait for it to finish.',
  },
  'refusal.sent_nothing': {
    'zh-TW': '{kind, select, cancel {取消} other {退款}}已拒絕，沒有送出任何請求：{reason}',
    en: '{kind, select, cancel {cancel} other {refund}} refused, nothing was sent: {reason}',
  },
  'expected.void_authorization': {
    'zh-TW': '{gateway} 撤銷 {amount} 的授權（tx_type 8）；尚未請款，不會有款項移動；訂單將變為 {after}。',
    en: '{gateway} voids the authorization of {amount} (tx_type 8); no money was captured; the order becomes {after}.',
  },
  'expected.refund_captured': {
    'zh-TW': '訂單已請款（{status}）：{gateway} 會把取消轉為退款 {amount}；訂單將變為 {after}。',
    en: 'The order is captured ({status}): {gateway} turns the cancel (tx_type 8) into a refund of {amount}; the order becomes {after}.',
  },
  'expected.refund_full': {
    'zh-TW': '{gateway} 全額退款 {amount}（RefundProcessOnline）；訂單將變為 {after}。',
    en: '{gateway} refunds the full {amount} (RefundProcessOnline); the order becomes {after}.',
  },
  'action.what': {
    'zh-TW': '訂單 {orderNo} 的{kind, select, cancel {取消} other {退款}}（{amount}）',
    en: '{kind, select, cancel {cancel} other {refund}} of {orderNo} ({amount})',
  },
  'action.succeeded': {
    'zh-TW': '{what}已完成：訂單現在是 {status}。{requery, select, yes {（回應遺失，已重新查詢訂單確認。）} other {}}',
    en: '{what} done: the order is now {status}.{requery, select, yes { (The answer was lost; confirmed by re-querying the order.)} other {}}',
  },
  'action.never_sent': { 'zh-TW': '{what}從未送出（程序先停止了）：金流端沒有任何變動。', en: '{what} was never sent (its process stopped first); nothing happened at the gateway.' },
  'action.refused_before_sending': { 'zh-TW': '{what}在送出前被拒絕：{reason}', en: '{what} was refused before sending: {reason}' },
  'action.marked_not_applied': { 'zh-TW': '{what}經人工核對後台，標記為未執行：{reason}', en: '{what} was marked not applied by a person after checking the back-office: {reason}' },
  'action.gateway_refused': { 'zh-TW': '{what}被金流拒絕：{code} {text}', en: '{what} refused by the gateway: {code} {text}' },
  'action.unknown': {
    'zh-TW': '{what}已送出，但結果不明（自 {since} 起）。在確認之前這筆訂單不能再送出任何動作：請到 {backOffice} 查看訂單 {orderNo}；若已執行，按「重新查詢」記錄；若沒有，請標記為未執行。不要再送一次。',
    en: '{what}: the outcome is UNKNOWN since {since}. Nothing more can be sent on this order until it is settled. Check order {orderNo} in {backOffice}: if it is there, re-check (it records it once the status shows it); if it is not, mark it not applied. Do not send it again.',
  },
  'action.in_progress': { 'zh-TW': '{what}進行中（{state}，{operator} 於 {since} 開始）。', en: '{what} is in progress ({state} since {since}, by {operator}).' },
  // Errors a person can act on (issue #17): each says what went wrong and what to do.
  'app.jobs_running': { 'zh-TW': '請先等進行中的工作完成（或取消它們）。', en: 'Wait for the running jobs to finish (or cancel them) first.' },
  'keychain.unavailable': {
    'zh-TW': '系統鑰匙圈無法使用，金鑰無法存取。{platform, select, darwin {請解鎖登入鑰匙圈（鑰匙圈存取）。} win32 {請確認這個使用者可以使用 Windows 認證管理員。} other {請安裝並解鎖 Secret Service 鑰匙圈（例如執行 {command}，然後登入桌面工作階段）。}}',
    en: 'The OS keychain is not available, so secrets cannot be read or stored. {platform, select, darwin {Unlock the login keychain (Keychain Access).} win32 {Make sure the Windows Credential Manager is available for this user.} other {Install and unlock a Secret Service keychain (e.g. {command}, then log in to a desktop session).}}',
  },
  'keychain.empty_secret': { 'zh-TW': '不能把空白的金鑰存入鑰匙圈。', en: 'An empty secret cannot be stored.' },
  'gateway.malformed': {
    'zh-TW': '金流的回應不是協定規定的格式（可能是錯誤網頁或傳輸中斷），無法讀取；收到的內容在詳情中。',
    en: "The gateway's answer is not in a shape the protocol allows (an error page or a cut-off answer); what arrived is in the details.",
  },
  'gateway.cannot_decrypt': {
    'zh-TW': '金流回應中的加密資料無法解開：資料在傳輸中被截斷或損壞，或設定檔的 HashKey／HashIV 不對。',
    en: "The encrypted data in the gateway's answer could not be opened: cut off or damaged in transit, or the profile's HashKey/HashIV is wrong.",
  },
  'gateway.forged_padding': {
    'zh-TW': '{gateway} 的訊息含有控制字元或非 UTF-8 位元組，這是偽造簽章才需要的填充：已拒絕。',
    en: "{gateway}'s message carries control characters or bytes that are not UTF-8 text, the padding a forged signature needs: refused.",
  },
  'gateway.bad_time': { 'zh-TW': '「{text}」不是金流會送來的時間格式。', en: '"{text}" is not a time the gateways send.' },
  'gateway.unclear_success': {
    'zh-TW': '{gateway} 回覆成功代碼 {code}，但訂單狀態是 {status}，無法證明款項已處理。',
    en: '{gateway} answered {code}, but the order status is {status}: that does not prove the money moved.',
  },
  'notify.wrong_merchant': {
    'zh-TW': '這則通知是給 {merchant} 的，不是這個設定檔的 {profileMerchant}。',
    en: "This notification is addressed to {merchant}, not to this profile's {profileMerchant}.",
  },
  'notify.flashpay_error_answer': {
    'zh-TW': '這是 FlashPay 的錯誤回應（沒有 dat 的 JSON），不是交易通知。',
    en: 'A plain JSON object without dat: that is a FlashPay error answer, not a notification.',
  },
  'notify.later_state_cached': {
    'zh-TW': '快取中已有金流回報的較新狀態（{status}），這則通知不會改回舊狀態；如需更新請重新查詢。',
    en: 'The cache already has a later state ({status}) from the gateway; re-query to refresh.',
  },
  'notify.unsigned': { 'zh-TW': '這則 {gateway} 通知沒有簽章（HashKey 欄位）。', en: 'This {gateway} notification carries no signature (HashKey field).' },
  'notify.empty': { 'zh-TW': '通知內容是空的。', en: 'The notification is empty.' },
  'notify.html_page': { 'zh-TW': '這是一個網頁（HTML），不是 {gateway} 的通知表單內容。', en: 'This is an HTML page, not a {gateway} notification form body.' },
  'input.firstbank_order_id': { 'zh-TW': '第一銀行的訂單編號（OrderId）須為 1–20 個英文字母或數字，收到「{text}」。', en: 'A First Bank OrderId is 1-20 letters or digits, got "{text}".' },
  'input.flashpay_ord_no': { 'zh-TW': 'FlashPay 的訂單編號（ord_no）須為 1–32 個字元，收到「{text}」。', en: 'A FlashPay ord_no is 1-32 characters, got "{text}".' },
  'input.gateway_field_empty': { 'zh-TW': '{gateway} 的 {field} 是空白的：請在設定中填入。', en: 'The {gateway} {field} is empty: fill it in in Settings.' },
  'input.flashpay_range_too_long': {
    'zh-TW': 'FlashPay 的訂單查詢一次最多 {days} 天（{fromDay}–{toDay} 超過了）：請分段查詢。',
    en: 'A FlashPay order-list query covers at most {days} days ({fromDay}..{toDay} is longer); split the range.',
  },
  'input.unknown_gateway': { 'zh-TW': '沒有名為「{name}」的金流（可用：{known}）。', en: 'Unknown gateway "{name}" (known: {known}).' },
  'input.amount_not_positive': { 'zh-TW': '金額必須大於零。', en: 'The amount must be positive.' },
  'input.amount_too_large': { 'zh-TW': '金額 {text} 太大，無法精確保存。', en: 'The amount {text} is too large to hold exactly.' },
  'input.whole_dollars_only': { 'zh-TW': '{amount} 含有角分：這個金流只接受整數新臺幣。', en: '{amount} has cents; this gateway takes whole NTD only.' },
  'input.refund_desc_empty': { 'zh-TW': '退款說明（RefundDesc）不能空白。', en: 'The refund description (RefundDesc) is empty.' },
  'input.order_no_empty': { 'zh-TW': '訂單編號是空白的。', en: 'The order number is empty.' },
  'input.order_not_cached': { 'zh-TW': '快取中沒有訂單 {orderNo}：請先同步或重新查詢。', en: 'Order {orderNo} is not in the cache: sync or re-query it first.' },
  'input.not_day_text': { 'zh-TW': '「{text}」不是日期（格式 YYYY-MM-DD）。', en: '"{text}" is not a day (YYYY-MM-DD).' },
  'input.range_backwards': { 'zh-TW': '日期區間的結束日（{toDay}）早於開始日（{fromDay}）。', en: 'The range ends ({toDay}) before it starts ({fromDay}).' },
  'input.range_too_long': { 'zh-TW': '日期區間最多 {days} 天：請分段。', en: 'The range is longer than {days} days; split it.' },
  'input.choose_range': { 'zh-TW': '請選擇日期區間（台北日期）以列出訂單。', en: 'Choose a date range (Taipei days) to list orders.' },
  'input.bad_cursor': { 'zh-TW': '這個分頁位置不是本主控台產生的：請重新載入列表。', en: 'The page cursor is not one this console issued; reload the list.' },
  'input.operator_name': { 'zh-TW': '操作人員名稱須為 1–64 個可列印字元。', en: 'The operator name is 1-64 printable characters.' },
  'input.reason_too_long': { 'zh-TW': '原因最多 {max} 個字。', en: 'The reason is at most {max} characters.' },
  'input.note_too_long': { 'zh-TW': '備註最多 {max} 個字。', en: 'The note is at most {max} characters.' },
  'input.threshold_negative': { 'zh-TW': '需要輸入金額確認的門檻必須是不小於零的金額。', en: 'The typed-amount threshold must be a non-negative amount.' },
  'input.mark_needs_reason': {
    'zh-TW': '請寫下後台顯示的狀況：標記為「未生效」需要原因。',
    en: 'Say what the back-office showed: marking an action not applied needs a reason.',
  },
  'input.no_action': { 'zh-TW': '沒有編號 #{actionId} 的動作紀錄。', en: 'There is no action #{actionId}.' },
  'input.accept_needs_note': { 'zh-TW': '請說明為什麼這個回應是正確的：接受不合理的回應需要備註。', en: 'Say why the answer is right: accepting an implausible answer needs a note.' },
  'input.no_held_answer': { 'zh-TW': '沒有編號 #{id} 的暫扣回應。', en: 'There is no held-back answer #{id}.' },
  'input.held_answer_settled': {
    'zh-TW': '暫扣回應 #{id} 已經{state, select, accepted {被接受} superseded {被新的回應取代} other {處理過}}。',
    en: 'Held-back answer #{id} is already {state}.',
  },
  'input.held_answer_inexact': {
    'zh-TW': '暫扣回應 #{id} 的 {fields} 太大，無法精確到分，沒有可入帳的金額：請金流商更正訂單，下次同步會取代這個回應。',
    en: 'Held-back answer #{id} has {fields} too large to hold exactly in cents, so there is no exact amount to book; have the gateway correct the order, and the next sync replaces this answer.',
  },
  'input.too_many_notifications': { 'zh-TW': '一次最多 {max} 則通知：請分開貼上。', en: 'At most {max} notifications at a time; split them.' },
  'input.reopen_needs_reason': { 'zh-TW': '請說明原因：重新開啟已結帳的期間需要原因。', en: 'Say why: reopening a closed period needs a reason.' },
  'input.no_exception': { 'zh-TW': '沒有編號 #{id} 的對帳異常。', en: 'There is no reconciliation exception #{id}.' },
  'input.resolution_needs_note': { 'zh-TW': '請說明處理方式：標記為已處理需要備註。', en: 'Say what was done: a resolution needs a note.' },
  'money.total_too_large': {
    'zh-TW': '合計金額太大，無法精確加總：請縮短日期區間或減少設定檔。',
    en: 'The total is too large to add up exactly; choose a shorter range or fewer profiles.',
  },
  'period.not_over': {
    'zh-TW': '{throughDay} 還沒結束（台北今天是 {todayDay}）：最晚只能結帳到 {latestDay}。',
    en: '{throughDay} is not over yet (today is {todayDay} in Taipei): close through {latestDay} at the latest.',
  },
  'period.already_closed': {
    'zh-TW': '已結帳到 {currentDay}；要更改更早的日期，請先重新開啟。',
    en: 'Already closed through {currentDay}; to change an earlier day, reopen it first.',
  },
  'period.none_closed': { 'zh-TW': '目前沒有已結帳的期間。', en: 'No period is closed.' },
  'period.not_closed': { 'zh-TW': '{fromDay} 尚未結帳（已結帳到 {currentDay}）。', en: '{fromDay} is not closed (closed through {currentDay}).' },
  'profile.fee_rate_shape': { 'zh-TW': '手續費率是百分比，例如 2.75，收到「{text}」。', en: 'The fee rate is a percentage like 2.75, got "{text}".' },
  'profile.unknown': { 'zh-TW': '沒有名為「{name}」的設定檔（現有：{known}）。', en: 'There is no profile named "{name}" (profiles: {known}).' },
  'profile.unknown_none': {
    'zh-TW': '沒有名為「{name}」的設定檔：請在「設定」或用 {command} 新增。',
    en: 'There is no profile named "{name}": add one in Settings or with {command}.',
  },
  'profile.unknown_id': { 'zh-TW': '沒有編號 {id} 的設定檔。', en: 'There is no profile with id {id}.' },
  'profile.secrets_missing': {
    'zh-TW': '設定檔「{name}」的金鑰不在{where, select, memory {這次展示工作階段中} other {系統鑰匙圈中}}：請在「設定」中設定。',
    en: 'The secrets of profile "{name}" are not in the {where, select, memory {demo session} other {keychain}}; set them in Settings.',
  },
  'recon.no_ledger': { 'zh-TW': '請先匯入 {profile} 的商店帳本：沒有可以對帳的資料。', en: "Import the shop's ledger for {profile} first: there is nothing to reconcile against." },
  'refusal.no_recheck_id': {
    'zh-TW': '第一銀行訂單 {orderNo} 在快取中缺少 ReCheckId 或 PayType，無法退款；未送出任何請求。請匯入含 ReCheckId 的商店帳本。',
    en: "First Bank order {orderNo} lacks its ReCheckId or PayType in the cache; nothing was sent. Import the shop's ledger with ReCheckId.",
  },
  'refusal.mark_settled': {
    'zh-TW': '動作 #{actionId} 已經是 {state}：只有結果不明的動作可以標記為未生效。',
    en: 'Action #{actionId} is already {state}; only an unknown outcome can be marked not applied.',
  },
  'refusal.mark_in_flight': {
    'zh-TW': '動作 #{actionId} 仍在進行中（{state}）：請先等它的回應。',
    en: 'Action #{actionId} is still in flight ({state}); wait for its answer first.',
  },
  'refusal.lock_taken_over': {
    'zh-TW': '{what}已拒絕，未送出任何請求：這次嘗試耗時過久，鎖已被接手；請檢查訂單後再試。',
    en: '{what} refused, nothing was sent: this attempt took too long and its lock was taken over; check the order and try again.',
  },
  'action.unknown_unrecorded': {
    'zh-TW': '{what}已送出，但結果不明，且主控台無法記錄下來。請勿重送：請到{backOffice}查看訂單 {orderNo}；主控台下次啟動（或執行 {command}）會重新查詢訂單並記錄結果。',
    en: '{what} was sent, but its outcome is unknown and could not be recorded. Do not send it again: check order {orderNo} in {backOffice}; the next start of the console (or {command}) re-queries the order and records what happened.',
  },
  'action.outcome_unknown_transport': {
    'zh-TW': '{reason} 訂單 {orderNo} 的結果不明：請先查詢訂單，再決定是否重試。',
    en: '{reason} The outcome for order {orderNo} is unknown: query the order before trying again.',
  },
  'error.unexpected': {
    'zh-TW': '發生未預期的錯誤（錯誤編號 {errorId}）：詳情已寫入記錄檔。',
    en: 'Something unexpected went wrong (error id {errorId}); the details are in the log.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageCode = keyof typeof CATALOGUE;
