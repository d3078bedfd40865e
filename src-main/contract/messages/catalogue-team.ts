// Part of the one catalogue (catalogue.ts spreads it in): what a team server says about accounts,
// sign-in and roles (issue #23).
import type { Lang } from './catalogue.ts';

export const TEAM_MESSAGES = {
  'team.role': {
    'zh-TW': '{role, select, viewer {檢視者} accountant {會計} support {客服} finance {財務} admin {管理員} other {{role}}}',
    en: '{role, select, viewer {viewer} accountant {accountant} support {support} finance {finance} admin {admin} other {{role}}}',
  },
  'team.forbidden': {
    'zh-TW': '{name} 的角色（{role}）不能執行這項操作（{channel}）：需要「{needed}」以上的角色，請洽管理員。',
    en: "{name}'s role ({role}) may not do this ({channel}): it needs {needed} or above; ask an administrator.",
  },
  'team.bad_credentials': { 'zh-TW': '帳號或密碼不正確。', en: 'Wrong name or password.' },
  'team.locked': {
    'zh-TW': '登入失敗次數過多，帳號暫時鎖定：請於 {until} 之後再試。',
    en: 'Too many failed sign-ins: the account is locked until {until}.',
  },
  'team.throttled': {
    'zh-TW': '從這個位址登入失敗的次數過多：請於 {until} 之後再試。',
    en: 'Too many failed sign-ins from this address: try again after {until}.',
  },
  'team.disabled': { 'zh-TW': '這個帳號已停用：請洽管理員。', en: 'This account is disabled: ask an administrator.' },
  'team.no_session': { 'zh-TW': '請先登入。', en: 'Sign in first.' },
  'team.session_expired': { 'zh-TW': '登入已逾時：請重新登入。', en: 'The session has expired: sign in again.' },
  'team.bad_name': {
    'zh-TW': '帳號名稱需為 1 到 64 個字母、數字或 . _ @ -（不含空白）。',
    en: 'A user name is 1 to 64 letters, digits or . _ @ - (no spaces).',
  },
  'team.bad_role': { 'zh-TW': '角色必須是 {choices} 其中之一（收到「{value}」）。', en: 'The role must be one of {choices} (got "{value}").' },
  'team.weak_password': { 'zh-TW': '密碼至少需要 {min} 個字元。', en: 'The password needs at least {min} characters.' },
  'team.user_exists': { 'zh-TW': '已有名為「{name}」的帳號。', en: 'There is already a user named "{name}".' },
  'team.no_user': { 'zh-TW': '沒有名為「{name}」的帳號。', en: 'There is no user named "{name}".' },
  'team.need_password': {
    'zh-TW': '請用環境變數 RECON_PASSWORD 或標準輸入提供密碼（不可放在命令列參數：會留在 ps 與指令紀錄中）。',
    en: 'Give the password in RECON_PASSWORD or on stdin (never as an argument: it would show in ps and the shell history).',
  },
  'team.tls_unavailable': {
    'zh-TW': '無法建立 TLS 憑證（需要 openssl）：請安裝 openssl，或將憑證與私鑰放在 {dir}（cert.pem、key.pem）。',
    en: 'Cannot make a TLS certificate (openssl is needed): install openssl, or put a certificate and key in {dir} (cert.pem, key.pem).',
  },
  'team.desktop_only': {
    'zh-TW': '這項操作（{channel}）只能在桌面版主控台使用，團隊伺服器上無法執行。',
    en: 'This ({channel}) works in the desktop app only, not on a team server.',
  },
  'team.pin_mismatch': {
    'zh-TW': '{url} 的憑證與釘選的指紋不符，未送出任何帳號或密碼。預期：{expected}；實際：{got}。若伺服器確實換了憑證，請向管理員確認新的指紋後再連線。',
    en: "The certificate of {url} does not match the pinned fingerprint; no name or password was sent. Expected: {expected}; got: {got}. If the server's certificate really changed, confirm the new fingerprint with the administrator before connecting.",
  },
  'team.unreachable': {
    'zh-TW': '無法連線到團隊伺服器 {url}：請確認位址與網路，以及伺服器是否正在執行。',
    en: 'Cannot reach the team server at {url}: check the address, the network, and that the server is running.',
  },
  'team.outcome_unknown': {
    'zh-TW': '請求（{channel}）已送到團隊伺服器 {url}，但沒有收到回覆（逾時或連線中斷）：結果不明，伺服器可能仍在執行。再試一次之前，請先查看未結案的動作與待核准清單，切勿直接重做退款。',
    en: 'The request ({channel}) reached the team server at {url} but no answer came back (timeout or lost connection): its outcome is unknown and the server may still be carrying it out. Before trying again, check the open actions and the approval list; do not simply refund again.',
  },
  'team.signed_out': {
    'zh-TW': '團隊伺服器 {url} 已結束你的登入：請重新連線登入；若要改用這台電腦自己的資料，請先中斷與團隊伺服器的連線。',
    en: "The team server at {url} ended your session: connect and sign in again, or disconnect from the team server to use this computer's own data.",
  },
  'team.bad_export_name': {
    'zh-TW': '團隊伺服器給的匯出檔名「{fileName}」不是單純的 .xlsx 或 .csv 檔名，未下載。請通知管理員檢查伺服器。',
    en: 'The team server named its export "{fileName}", which is not a plain .xlsx or .csv file name; nothing was downloaded. Tell the administrator to check the server.',
  },
  'team.download_failed': {
    'zh-TW': '從團隊伺服器 {url} 下載匯出檔「{fileName}」時中斷，未留下不完整的檔案：請重新匯出。',
    en: 'The download of the export "{fileName}" from the team server at {url} broke off; no partial file was kept. Export again.',
  },
  'team.no_export': { 'zh-TW': '團隊伺服器上沒有你的匯出檔「{fileName}」。', en: 'The team server has no export "{fileName}" of yours.' },
  'team.serving': {
    'zh-TW': '團隊伺服器已在 {url} 啟動；憑證指紋（SHA-256）：{fingerprint}',
    en: 'Team server listening on {url}; certificate fingerprint (SHA-256): {fingerprint}',
  },
  // The CLI's results.
  'team.key_none': {
    'zh-TW': '這個鑰匙圈沒有此資料庫的稽核金鑰：請在封存稽核紀錄的那台伺服器上匯出。',
    en: 'This keychain holds no audit key for this database: run the export on the server that sealed its log.',
  },
  'team.key_malformed': {
    'zh-TW': '這不是稽核金鑰（應為 44 個 base64 字元，即 `recon team export-key` 印出的內容）。',
    en: 'That is not an audit key (44 characters of base64, as `recon team export-key` prints it).',
  },
  'team.key_unprovable': {
    'zh-TW': '此資料庫還沒有已封存的稽核紀錄可以驗證這把金鑰：請先啟動第一台伺服器，再匯出它的金鑰。',
    en: 'This database holds no sealed audit entry to check the key against: start the first server, then export its key.',
  },
  'team.key_wrong': {
    'zh-TW': '這把金鑰沒有封存此資料庫的稽核紀錄（第 {seq} 筆）：它屬於另一個安裝。',
    en: "That key did not seal this database's audit log (entry {seq}): it belongs to another install.",
  },
  'team.key_other': {
    'zh-TW': '這個鑰匙圈已經有此資料庫的另一把稽核金鑰，保留原本的金鑰。',
    en: 'This keychain already holds another audit key for this database; it is kept.',
  },
  'team.key_exported': {
    'zh-TW': '已印出團隊的稽核金鑰：請保密，並只透過 `recon team import-key` 交給另一台團隊伺服器。',
    en: "The team's audit key was printed: keep it secret and give it only to another team server, with `recon team import-key`.",
  },
  'team.key_imported': {
    'zh-TW': '已把團隊的稽核金鑰存入這台機器的鑰匙圈（已確認它封存了第 {seq} 筆稽核紀錄）。',
    en: "Stored the team's audit key in this machine's keychain (checked: it sealed audit entry {seq}).",
  },
  'team.serve_key_missing': {
    'zh-TW': '這台機器的鑰匙圈沒有團隊資料庫的稽核金鑰：請在已有金鑰的伺服器上執行 `recon team export-key`，再以管線傳給這裡的 `recon team import-key`。',
    en: "This machine's keychain lacks the team database's audit key: on a server that has it run `recon team export-key`, and pipe it to `recon team import-key` here.",
  },
  'team.key_already': { 'zh-TW': '這台機器的鑰匙圈已經有這把團隊稽核金鑰。', en: "This machine's keychain already holds the team's audit key." },
  'team.user_added': { 'zh-TW': '已新增帳號 {name}（{role}）。', en: 'Added user {name} ({role}).' },
  'team.user_disabled': { 'zh-TW': '已停用帳號 {name}，並登出其所有工作階段。', en: 'Disabled user {name} and ended their sessions.' },
  'team.password_reset': { 'zh-TW': '已重設 {name} 的密碼，並登出其所有工作階段。', en: 'Reset the password of {name} and ended their sessions.' },
  'team.no_users': { 'zh-TW': '尚無帳號：用 `recon user add` 新增。', en: 'No users yet: add one with `recon user add`.' },
  'team.user_state': { 'zh-TW': '{disabled, select, yes {已停用} other {啟用中}}', en: '{disabled, select, yes {disabled} other {active}}' },
} as const satisfies Record<string, Record<Lang, string>>;
