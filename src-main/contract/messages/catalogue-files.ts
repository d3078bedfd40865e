// Part of the one catalogue (catalogue.ts spreads it in): what the console says about files: ledger
// imports, workbook exports, backups, restores, the database and its maintenance.
import type { Lang } from './catalogue.ts';

export const FILE_MESSAGES = {
  // The team database (PostgreSQL, issue #22).
  'backup.team_database': {
    'zh-TW': '團隊資料庫（PostgreSQL）請用資料庫伺服器本身的工具備份（例如 {tools}、WAL 封存），主控台不負責備份它。',
    en: "The team database (PostgreSQL) is backed up with the database server's own tools ({tools}, WAL archiving), not by the console.",
  },
  'db.pg_worker_missing': { 'zh-TW': '這個版本的主控台缺少 PostgreSQL 連線元件（pg-worker.mjs）：請重新安裝。', en: 'The PostgreSQL worker (pg-worker.mjs) is missing from this build of the console; reinstall it.' },
  'db.pg_nul_text': { 'zh-TW': '含有 NUL 字元（U+0000）的文字無法存入或搜尋團隊資料庫。', en: 'Text with a NUL character (U+0000) cannot be stored in or searched for in the team database.' },
  'db.pg_unreachable': { 'zh-TW': '無法連線到團隊資料庫 {where}：請檢查伺服器是否啟動、網址與帳號密碼是否正確。', en: 'Cannot connect to the team database at {where}: check that the server is running and the address and credentials are right.' },
  'db.pg_connection_lost': {
    'zh-TW': '與團隊資料庫 {where} 的連線在變更途中中斷，這次變更完全沒有寫入：請再試一次。',
    en: 'The connection to the team database at {where} was lost in the middle of a change; nothing of it was written. Try again.',
  },
  'db.pg_connection_lost_unsure': {
    'zh-TW': '與團隊資料庫 {where} 的連線在儲存變更時中斷，無法確定是否已儲存（要嘛全部、要嘛完全沒有）：請先查看結果再決定是否重試。',
    en: 'The connection to the team database at {where} was lost while a change was being saved; it is not known whether it was saved (all of it or none). Check before trying again.',
  },
  'db.pg_silent': { 'zh-TW': '團隊資料庫 {where} 在 {minutes} 分鐘內沒有回應，連線已關閉：請重新啟動主控台。', en: 'The team database at {where} did not answer within {minutes} minutes; the connection was closed. Restart the console.' },
  'db.pg_value_shape': { 'zh-TW': '有一個值不符合團隊資料庫欄位的型別（詳情中有資料庫的說明）。', en: "A value does not fit the team database's column type (the database's words are in the details)." },
  'db.pg_newer': { 'zh-TW': '團隊資料庫 {where} 是由較新版本的主控台寫入的（結構版本 {schema}，這個版本只認得到 {known}）：請更新主控台。', en: 'The team database {where} was written by a newer version of the console (schema {schema}, this version knows {known}); update the console.' },
  'db.pg_unusable': { 'zh-TW': '無法使用團隊資料庫 {where}（原因在詳情中）。', en: 'The team database {where} cannot be used (the reason is in the details).' },
  'restore.team_database': {
    'zh-TW': '主控台不會取代團隊資料庫（PostgreSQL）：請用資料庫伺服器本身的工具還原。',
    en: "The team database (PostgreSQL) is not replaced by the console: restore it with the database server's own tools.",
  },
  // The shop's ledger file as a whole: what makes it unreadable, and what to do.
  'ledger.field': {
    'zh-TW': '{field, select, orderNo {訂單編號} amount {金額} date {訂單時間} status {狀態} gateway {金流} reCheckId {ReCheckId} payType {付款方式} other {{field}}}',
    en: '{field, select, orderNo {order number} amount {amount} date {order time} status {status} gateway {gateway} reCheckId {ReCheckId} payType {payment type} other {{field}}}',
  },
  'ledger.file_empty': { 'zh-TW': '檔案是空的。', en: 'The file is empty.' },
  'ledger.no_orders': { 'zh-TW': '檔案只有標題列，沒有任何訂單。', en: 'The file has a header row but no orders.' },
  'ledger.too_many_rows': { 'zh-TW': '檔案超過 {max, number} 列：請分成較短的期間匯出。', en: 'The file has more than {max, number} rows: split it into shorter periods.' },
  'ledger.too_many_columns': {
    'zh-TW': '第 {row} 列有 {columns} 欄（最多 {max} 欄）：這是商店的訂單帳本嗎？',
    en: "Row {row} has {columns} columns (at most {max}): is this the shop's ledger?",
  },
  'ledger.too_many_cells': { 'zh-TW': '檔案超過 {max, number} 個儲存格：請分成較短的期間匯出。', en: 'The file has more than {max, number} cells: split it into shorter periods.' },
  'ledger.too_large': { 'zh-TW': '檔案大於 {limitMb} MB：請匯出較短的期間。', en: 'The file is larger than {limitMb} MB: export a shorter period.' },
  'ledger.too_large_to_read': { 'zh-TW': '檔案太大，無法讀取：請分成較短的期間匯出。', en: 'The file is too large to read: split it into shorter periods.' },
  'ledger.old_xls': {
    'zh-TW': '這是舊版的 .xls 活頁簿：請先在 Excel 另存為 .xlsx 或 CSV。',
    en: 'This is an old .xls workbook: save it in Excel as .xlsx or CSV first.',
  },
  'ledger.not_text': {
    'zh-TW': '檔案不是 UTF-8 或 Big5 文字：請從商店系統或 Excel 另存為 CSV（UTF-8）或 .xlsx。',
    en: 'The file is neither UTF-8 nor Big5 text: save it from the shop system or Excel as CSV (UTF-8) or as .xlsx.',
  },
  'ledger.bad_bom': {
    'zh-TW': '檔案開頭標示為 {encoding}（BOM），內容卻不是有效的 {encoding} 文字。',
    en: 'The file starts with a {encoding} byte-order mark but is not valid {encoding} text.',
  },
  'ledger.unclosed_quote': {
    'zh-TW': '從第 {line} 行開始的引號欄位沒有結束：檔案不完整，或不是 CSV。',
    en: 'A quoted cell that starts on line {line} is never closed: the file is cut off or not CSV.',
  },
  'ledger.not_xlsx': {
    'zh-TW': '檔案不是可讀取的 .xlsx 活頁簿（可能不完整或已損毀）：請重新從商店系統或 Excel 匯出。',
    en: 'The file is not a readable .xlsx workbook (cut off or damaged): export it again from the shop system or Excel.',
  },
  'ledger.xlsx_too_many_parts': { 'zh-TW': '活頁簿有 {count} 個部分（最多 {max} 個）：不予讀取。', en: 'The workbook has {count} parts (at most {max}): refused.' },
  'ledger.zip_bomb': {
    'zh-TW': '活頁簿解壓縮後超過 {limitMb} MB（檔案損毀或惡意的「壓縮炸彈」）：不予讀取；請把帳本匯出為 CSV，或匯出較短的期間。',
    en: 'The workbook unpacks to more than {limitMb} MB (a damaged or hostile file, a "zip bomb"): refused; export the ledger as CSV or a shorter period.',
  },
  'ledger.no_sheet': { 'zh-TW': '活頁簿裡沒有任何含資料的工作表。', en: 'The workbook has no sheet with data.' },
  'ledger.reader_stopped': { 'zh-TW': '帳本讀取程序意外停止（結束代碼 {code}）：請再試一次。', en: 'The ledger reader stopped (exit {code}): try again.' },
  // Which column holds what.
  'ledger.map_required': {
    'zh-TW': '請為{fields}指定欄位（必填：訂單編號、金額、訂單時間、狀態）。',
    en: 'Map a column to {fields} (required: order number, amount, order time, status).',
  },
  'ledger.no_column': {
    'zh-TW': '檔案沒有「{column}」這一欄（用於{field}）；檔案的欄位有：{columns}',
    en: 'The file has no column "{column}" (for {field}); its columns are: {columns}',
  },
  'ledger.column_twice': { 'zh-TW': '「{column}」這一欄同時指定給{first}和{second}。', en: 'The column "{column}" is mapped to both {first} and {second}.' },
  'ledger.columns_not_pair': { 'zh-TW': '--columns：「{part}」不是「欄位=欄名」的格式。', en: '--columns: "{part}" is not FIELD=COLUMN.' },
  'ledger.columns_unknown_field': { 'zh-TW': '--columns：沒有「{field}」這個欄位（可用：{fields}）。', en: '--columns: unknown field "{field}" (fields: {fields}).' },
  'ledger.columns_out_of_range': { 'zh-TW': '--columns：{field}={column}：檔案只有第 1–{count} 欄。', en: '--columns: {field}={column}: the file has columns 1-{count}.' },
  'ledger.columns_no_column': { 'zh-TW': '--columns：檔案沒有「{column}」這一欄；檔案的欄位有：{columns}', en: '--columns: the file has no column "{column}"; its columns are: {columns}' },
  // The order-number suffix rule.
  'ledger.suffix_refused': {
    'zh-TW':
      '不接受後綴規則「{pattern}」：{reason, select, backreference {不能使用反向參照} unclosed_class {有未結束的 [} lookaround {不能使用前後查找（lookahead、lookbehind）} unclosed_name {有未結束的群組名稱} unmatched_paren {有多出來的 )} nothing_to_repeat {重複符號前面沒有可重複的內容} nested_repeat {重複的群組裡不能再有重複符號或 |（比對可能極慢）} too_many_repeats {最多只能有 {max} 個無上限的重複符號} other {{reason}}}。',
    en: 'The suffix pattern "{pattern}" is refused: {reason, select, backreference {backreferences are not allowed} unclosed_class {an unclosed [} lookaround {lookahead and lookbehind are not allowed} unclosed_name {an unclosed group name} unmatched_paren {an unmatched )} nothing_to_repeat {a quantifier with nothing to repeat} nested_repeat {a repeated group may not contain a quantifier or | (catastrophic backtracking)} too_many_repeats {at most {max} repeating quantifiers} other {{reason}}}.',
  },
  'ledger.suffix_length': { 'zh-TW': '後綴規則須為 1–{max} 個字元。', en: 'The suffix pattern is 1-{max} characters.' },
  'ledger.suffix_invalid': { 'zh-TW': '後綴規則「{pattern}」不是有效的正規表示式。', en: 'The suffix pattern "{pattern}" is not a valid regular expression.' },
  // An import that found nothing to keep.
  'ledger.nothing_readable': {
    'zh-TW': '{file} 沒有任何一列可以讀取（{bad} 列有誤）；例如第 {row} 列「{column}」欄的「{value}」：{reason}',
    en: 'No row of {file} could be read ({bad} bad); row {row}, column {column}, "{value}": {reason}',
  },
  'ledger.none_for_profile': { 'zh-TW': '{file} 沒有任何一列屬於設定檔 {profile}。', en: 'No row of {file} belongs to profile {profile}.' },
  // Workbook exports.
  'export.bad_file_name': {
    'zh-TW': '檔名必須是以 .xlsx 結尾的單純名稱（可用英文字母、數字、空格與 . _ - ( )）。',
    en: 'The file name must be a plain name ending in .xlsx (letters, digits, spaces, . _ - ( )).',
  },
  'export.not_xlsx': { 'zh-TW': '輸出檔案必須以 .xlsx 結尾：{path}', en: 'The output file must end in .xlsx: {path}' },
  'export.no_folder': { 'zh-TW': '資料夾 {path} 不存在。', en: 'The folder {path} does not exist.' },
  'export.symlink': { 'zh-TW': '{path} 是符號連結（捷徑）：匯出不會寫入連結指向的檔案。', en: '{path} is a symbolic link: an export never writes through one.' },
  'export.not_regular': { 'zh-TW': '{path} 是資料夾，或不是一般檔案。', en: '{path} is a folder or not a regular file.' },
  'export.exists': { 'zh-TW': '{path} 已經存在，沒有覆寫：請換一個檔名，或選擇取代既有檔案。', en: '{path} already exists: not overwritten.' },
  'export.progress_orders': { 'zh-TW': '正在寫入訂單', en: 'writing orders' },
  'export.progress_finishing': { 'zh-TW': '正在完成檔案', en: 'finishing the file' },
  'export.progress_written': { 'zh-TW': '已寫入 {path}', en: 'Written: {path}' },
  // Backups and restores.
  'backup.exists': { 'zh-TW': '{path} 已經存在：請選擇其他檔名。', en: '{path} already exists; choose another file name.' },
  'restore.missing': { 'zh-TW': '找不到 {path}。', en: '{path} does not exist.' },
  'restore.not_backup': {
    'zh-TW': '{path} 不是可用的備份：{why, select, empty {檔案是空的} other {它不是 SQLite 資料庫}}。',
    en: '{path} is not a usable backup: {why, select, empty {the file is empty} other {it is not an SQLite database}}.',
  },
  'restore.unreadable': { 'zh-TW': '{path} 無法當作資料庫讀取。', en: '{path} cannot be read as a database.' },
  'restore.unusable': { 'zh-TW': '{path} 不是可用的備份。', en: '{path} is not a usable backup.' },
  'restore.damaged': { 'zh-TW': '{path} 已損毀，沒有還原。', en: '{path} is damaged; it was not restored.' },
  'restore.no_schema': { 'zh-TW': '{path} 不是對帳主控台的資料庫（沒有結構版本）。', en: '{path} is not a console database (no schema version).' },
  'restore.newer': {
    'zh-TW': '{path} 由較新版本的主控台寫入（結構版本 {version}，這個版本只認得到 {known}）：請先更新主控台。',
    en: '{path} was written by a newer version of the console (schema {version}, this version knows {known}): update the console first.',
  },
  'restore.audit_altered': {
    'zh-TW': '{path} 的稽核紀錄已被更動（第 {seq} 筆）：沒有還原。',
    en: '{path} holds an altered audit log (entry {seq}); it was not restored.',
  },
  'restore.audit_end': {
    'zh-TW': '{path}：稽核紀錄的結尾與備份時記錄的不同（第 {entries} 筆）：沒有還原。',
    en: '{path}: the audit log does not end where the backup recorded it (entry {entries}); it was not restored.',
  },
  'restore.audit_head': {
    'zh-TW': '{path}：稽核紀錄與另外保存的稽核鏈定錨不符：沒有還原。',
    en: '{path}: the audit log does not match its anchored head; it was not restored.',
  },
  'restore.done': {
    'zh-TW': '已還原 {path}（稽核紀錄已驗證，共 {entries} 筆）；被取代的資料庫保留在 {replaced}。',
    en: 'Restored {path} (audit log verified, {entries} entries); the replaced database is kept at {replaced}.',
  },
  'restore.fresh_done': {
    'zh-TW': '損毀的資料庫保留在 {aside}；主控台會以新的資料庫啟動。',
    en: 'The broken database was kept at {aside}; the console starts with a new database.',
  },
  'restore.none': { 'zh-TW': '沒有可以還原的備份。', en: 'There is no backup to restore.' },
  'restore.failed': { 'zh-TW': '失敗：{reason}', en: 'Failed: {reason}' },
  // The database itself.
  'db.unusable': {
    'zh-TW':
      '{reason, select, unreadable {資料庫無法開啟} corrupt {資料庫已損毀} empty {資料庫檔案是空的，原有的資料已遺失} newer {資料庫由較新版本的主控台寫入} other {資料庫無法使用}}：{file}。{reason, select, newer {請更新主控台，或把 RECON_DATA_DIR 指向其他資料夾。} other {{backup, select, none {沒有任何備份；可以重新開始，並把損毀的檔案留在一旁：recon restore --fresh。} other {請還原最新的備份（{backup}，{backupAt} 建立）：recon restore --latest；或重新開始，並把損毀的檔案留在一旁：recon restore --fresh。}}}}',
    en: '{reason, select, unreadable {The database cannot be opened} corrupt {The database is damaged} empty {The database file is empty although the console kept its data there; its contents are lost} newer {The database was written by a newer version of the console} other {The database cannot be used}}: {file}. {reason, select, newer {Update the console, or point RECON_DATA_DIR at another folder.} other {{backup, select, none {No backup exists; start fresh, keeping the broken file aside: recon restore --fresh.} other {Restore the latest backup ({backup}, made {backupAt}): recon restore --latest; or start fresh, keeping the broken file aside: recon restore --fresh.}}}}',
  },
  'db.damaged_running': {
    'zh-TW': '資料庫已損毀（錯誤編號 {errorId}）：請還原最新的備份（在「設定」，或執行 recon restore --latest）。',
    en: 'The database is damaged (error id {errorId}): restore the latest backup (in Settings, or recon restore --latest).',
  },
  'db.cannot_use': { 'zh-TW': '資料庫 {file} 無法使用。', en: 'The database {file} cannot be used.' },
  'db.newer': {
    'zh-TW': '資料庫由較新版本的主控台寫入（結構版本 {version}，這個版本只認得到 {known}）：請更新主控台，或把 RECON_DATA_DIR 指向其他資料夾。',
    en: 'The database was written by a newer version of the console (schema {version}, this version knows {known}): update the console, or point RECON_DATA_DIR at another folder.',
  },
  'db.upgrade_broken': {
    'zh-TW': '升級會讓 {count} 筆資料指向不存在的資料（第一筆：{table} 第 {rowid} 列 → {parent}）：沒有做任何變更。',
    en: 'The upgrade would leave {count} rows pointing at missing rows (first: {table} row {rowid} -> {parent}); nothing was changed.',
  },
  'store.min_above_max': { 'zh-TW': '最低金額高於最高金額：請對調，或清除其中一個。', en: 'The minimum amount is above the maximum: swap them or clear one.' },
  'store.unknown_status': {
    'zh-TW': '不認得的狀態「{status}」：請用標準狀態（例如 captured）或「金流:代碼」（例如 flashpay:03）。',
    en: 'Unknown status "{status}": use a normalized status (e.g. captured) or gateway:code (e.g. flashpay:03).',
  },
  // One console per data folder.
  'ops.locked': {
    'zh-TW': '資料夾 {dataDir} 正由另一個主控台使用中（{shell}，pid {pid}{elsewhere, select, yes {，在 {host} 上} other {}}，自 {since} 起）：請先關閉它，或用 RECON_DATA_DIR 指定其他資料夾。',
    en: 'The data folder {dataDir} is in use by another console ({shell}, pid {pid}{elsewhere, select, yes { on {host}} other {}}, since {since}): close it first, or use another folder with RECON_DATA_DIR.',
  },
  // The shells' own refusals.
  'shell.unknown_channel': { 'zh-TW': '主控台不認得這個請求（{channel}）：畫面與主控台的版本可能不一致，請重新開啟。', en: 'Unknown channel {channel}: the window and the console may be different versions; reopen it.' },
  'shell.invalid_request': { 'zh-TW': '主控台無法接受這個請求（{channel}）：內容不正確。', en: 'Invalid request for {channel}.' },
  'shell.not_base64': { 'zh-TW': '收到的檔案內容已損毀（不是 base64）：請再選一次檔案。', en: 'The file content is not base64: choose the file again.' },
  'shell.bad_call': { 'zh-TW': '主控台收到格式不正確的請求：請重新整理頁面後再試。', en: 'The console received a malformed request: reload the page and try again.' },
  'shell.too_large': { 'zh-TW': '送出的內容超過 {limitMb} MB：請改用較小的檔案（例如匯出較短的期間）。', en: 'What was sent is larger than {limitMb} MB: use a smaller file (export a shorter period).' },
  'shell.no_backup': { 'zh-TW': '{dir} 裡沒有名為「{name}」的備份。', en: 'No backup named "{name}" in {dir}.' },
  'shell.sandbox_ledger': { 'zh-TW': '沙盒的示範帳本回應 HTTP {status}：沙盒可能沒有啟動。', en: 'The sandbox ledger answered HTTP {status}: is the sandbox running?' },
} as const satisfies Record<string, Record<Lang, string>>;
