// Part of the one catalogue (catalogue.ts spreads it in): what the `recon` command line says about
// its own usage: missing or malformed options, unknown values, the gateway tools' arguments, and the
// sentences and headings of its human-readable output (JSON output stays language-neutral).
// The English texts here mirror what the English CLI prints (it prints its own English, byte for byte).
import type { Lang } from './catalogue.ts';

export const CLI_MESSAGES = {
  // recon db status | migrate, recon team import (issue #22).
  'cli.db_status': {
    'zh-TW': '{engine} {location}：結構版本 {schema}／{expected}（{state, select, current {最新} needs_migration {需要升級} empty {空的} newer {比這個主控台新} other {{state}}}）{counted, select, yes {；{orders} 筆訂單、{actions} 筆處理紀錄、{audit} 筆稽核紀錄} other {}}',
    en: '{engine} {location}: schema {schema} of {expected} ({state}){counted, select, yes {; {orders} orders, {actions} actions, {audit} audit entries} other {}}',
  },
  'cli.db_migrated': {
    'zh-TW': '{location}：{same, select, yes {結構版本 {to}，已是最新} other {結構版本 {from} → {to}}}',
    en: '{location}: {same, select, yes {schema {to}, already current} other {schema {from} -> {to}}}',
  },
  'cli.team_url_missing': { 'zh-TW': 'recon team import：請先把 {variable} 設為團隊資料庫（postgres://…）。', en: 'recon team import: set {variable}=postgres://… to the team database first' },
  'cli.file_missing': { 'zh-TW': '找不到檔案 {file}。', en: '{file} does not exist' },
  'cli.team_imported': {
    'zh-TW': '已把 {file} 匯入 {target}：複製 {copied} 列、已存在 {there} 列；{orders} 筆訂單、{actions} 筆處理紀錄，{audit} 筆稽核紀錄在匯入前後都驗證無誤；保留團隊自己的設定：{kept}',
    en: "imported {file} into {target}: {copied} rows copied, {there} already there; {orders} orders, {actions} actions, audit log of {audit} entries verified before and after; the team's own value kept for {kept}",
  },
  // Options: missing, malformed, out of range.
  'cli.option_missing': { 'zh-TW': '需要 {option}（執行 --help 查看說明）。', en: '{option} is required' },
  'cli.bad_choice': { 'zh-TW': '{option} 只能是 {choices}，不能是「{value}」。', en: '{option} must be one of {choices}, got "{value}"' },
  'cli.bad_choice_plain': { 'zh-TW': '{option} 只能是 {choices}。', en: '{option} must be one of {choices}' },
  'cli.not_a_number': { 'zh-TW': '{option} 要填數字，不能是「{value}」。', en: '{option} must be a number, got "{value}"' },
  'cli.not_whole_number': {
    'zh-TW': '{option} 要填 0 到 {max} 的整數，不能是「{value}」。',
    en: '{option} must be a whole number from 0 to {max}, got "{value}"',
  },
  'cli.action_not_number': { 'zh-TW': '--action 要填動作編號，例如 12。', en: '--action is an action number, e.g. 12' },
  'cli.not_applied_needs_action': {
    'zh-TW': '--not-applied 需要搭配 --action ID（一次只處理一筆動作）。',
    en: '--not-applied needs --action ID (one action at a time)',
  },
  'cli.not_applied_needs_reason': {
    'zh-TW': '--not-applied 需要 --reason：請寫下金流後台顯示的情況。',
    en: '--not-applied needs --reason: what the back-office showed',
  },
  'cli.out_not_xlsx': { 'zh-TW': '--out 要是 .xlsx 檔案，不能是「{value}」。', en: '--out must name an .xlsx file, got "{value}"' },
  'cli.search_too_long': { 'zh-TW': '--search 最多 {max} 個字元。', en: '--search is at most {max} characters' },
  'cli.bad_suffix': {
    'zh-TW': '--suffix 只能是 none、lastA4 或 regex:PATTERN，不能是「{value}」。',
    en: '--suffix must be none, lastA4 or regex:PATTERN, got "{value}"',
  },
  'cli.need_hash_key': {
    'zh-TW': '請在環境變數設定 RECON_HASH_KEY（FlashPay 還需要 RECON_HASH_IV）。',
    en: 'set RECON_HASH_KEY (and RECON_HASH_IV for FlashPay) in the environment',
  },
  'cli.need_hash_iv': {
    'zh-TW': '請在環境變數設定 RECON_HASH_IV（{gateway} 需要 HashIV）。',
    en: 'set RECON_HASH_IV in the environment ({gateway} needs a HashIV)',
  },
  'cli.cannot_read_ledger': { 'zh-TW': '無法讀取 --ledger 檔案 {file}（{reason}）：請確認路徑與讀取權限。', en: 'cannot read --ledger {file}: {reason}' },
  'cli.restore_one_of': {
    'zh-TW': 'recon restore 需要 --from FILE、--latest 或 --fresh 其中一個（只能選一個）。',
    en: 'recon restore: give exactly one of --from FILE, --latest or --fresh',
  },
  'cli.restore_no_backup': { 'zh-TW': '{folder} 裡沒有任何備份，無法使用 --latest。', en: 'recon restore --latest: there is no backup in {folder}' },
  // The gateway developer tools (recon flashpay decode, recon firstbank sign | verify).
  'cli.flashpay_decode_empty': {
    'zh-TW': 'recon flashpay decode 沒有讀到輸入：請將回應或通知的內容以管線（|）傳入。',
    en: 'recon flashpay decode: stdin is empty; pipe the answer or notification body in',
  },
  'cli.firstbank_sign_empty': {
    'zh-TW': 'recon firstbank sign 沒有讀到輸入：請將欄位的 JSON 物件以管線（|）傳入。',
    en: 'recon firstbank sign: stdin is empty; pipe a JSON object of fields in',
  },
  'cli.firstbank_sign_not_json': {
    'zh-TW': 'recon firstbank sign 的輸入不是 JSON：請傳入欄位名稱對應值的物件。',
    en: 'recon firstbank sign: stdin is not JSON (expected an object of field names to values)',
  },
  'cli.firstbank_sign_not_object': {
    'zh-TW': 'recon firstbank sign 的輸入要是 JSON 物件（欄位名稱對應值），不能是陣列或單一值。',
    en: 'recon firstbank sign: stdin must be a JSON object of field names to values',
  },
  'cli.firstbank_sign_bad_field': {
    'zh-TW': 'recon firstbank sign：欄位 {field} 的值要是字串或數字。',
    en: 'recon firstbank sign: field {field} must be a string or a number',
  },
  'cli.firstbank_verify_empty': {
    'zh-TW': 'recon firstbank verify 沒有讀到輸入：請將通知內容以管線（|）傳入。',
    en: 'recon firstbank verify: stdin is empty; pipe the notification body in',
  },
  'cli.warning': { 'zh-TW': '注意：{text}', en: 'warning: {text}' },
  // Cancel, refund, resolve.
  'cli.action_would': {
    'zh-TW': '將{kind, select, cancel {取消} refund {退款} other {{kind}}} {profile}（{gateway}）的訂單 {orderNo}：狀態 {status}，金額 {amount}：{expected}',
    en: 'would {kind} {orderNo} on {profile} ({gateway}), status {status}, amount {amount}: {expected}',
  },
  'cli.action_not_possible': {
    'zh-TW': '訂單 {orderNo} 無法{kind, select, cancel {取消} refund {退款} other {{kind}}}：{reason}',
    en: '{kind} of {orderNo} is not possible: {reason}',
  },
  'cli.action_line': { 'zh-TW': '#{actionId} {state}：{text}', en: '#{actionId} {state}: {text}' },
  'cli.resolve_line': { 'zh-TW': '重新確認 #{actionId}：{state}：{text}', en: 'resolve #{actionId}: {state}: {text}' },
  'cli.no_open_actions': { 'zh-TW': '沒有結果未明的取消或退款。', en: 'no open actions' },
  // Audit log.
  'cli.audit_ok': {
    'zh-TW': '稽核紀錄正常：共 {entries} 筆，雜湊鏈完整{anchor, select, head {，並以本機稽核金鑰簽章（金鑰圈記錄到第 {headSeq} 筆）} key {，並以本機稽核金鑰簽章} other {，但沒有錨定（金鑰圈中沒有稽核金鑰：只檢查了雜湊鏈）}}',
    en: "audit log OK: {entries} entries, chain intact{anchor, select, head {, sealed with this install's audit key (keychain head at seq {headSeq})} key {, sealed with this install's audit key} other {, NOT anchored (no audit key in the keychain: hash chain only)}}",
  },
  'cli.audit_broken': { 'zh-TW': '稽核紀錄有問題：{problem}', en: 'AUDIT LOG BROKEN: {problem}' },
  'cli.audit_exported': { 'zh-TW': '已將 {rows} 筆稽核紀錄寫入 {file}', en: '{rows} entries written to {file}' },
  'cli.audit_problem.missing_entry': { 'zh-TW': '第 {seq} 筆紀錄遺失（紀錄直接跳到第 {next} 筆）', en: 'entry {seq} is missing (the log jumps to {next})' },
  'cli.audit_problem.link_broken': { 'zh-TW': '第 {seq} 筆與前一筆的鏈結斷裂', en: 'entry {seq}: its link to the previous entry is broken' },
  'cli.audit_problem.content_changed': { 'zh-TW': '第 {seq} 筆紀錄在寫入後遭修改（雜湊不符）', en: 'entry {seq} was changed after it was written (hash does not match)' },
  'cli.audit_problem.entry_forged': { 'zh-TW': '第 {seq} 筆是偽造的：沒有本機稽核金鑰的有效簽章', en: "entry {seq} is forged: it carries no valid MAC of this install's audit key" },
  'cli.audit_problem.chain_recomputed': {
    'zh-TW': '雜湊鏈自第 {seq} 筆起被重新計算（第 {seq}～{last} 筆的簽章都不符）',
    en: "the chain was recomputed from entry {seq}: entries {seq}..{last} fail the audit key's MACs",
  },
  'cli.audit_problem.missing_tail': { 'zh-TW': '第 {seq} 筆之後的紀錄遺失：金鑰圈記錄的最新一筆是第 {headSeq} 筆', en: "entries after {seq} are missing: the keychain's head is entry {headSeq}" },
  'cli.audit_problem.head_mismatch': { 'zh-TW': '最新紀錄不符：第 {seq} 筆與金鑰圈記錄的簽章不同', en: "head mismatch: entry {seq} is not the entry the keychain's head recorded" },
  'cli.audit_problem.key_missing': {
    'zh-TW': '自第 {seq} 筆起以稽核金鑰簽章，但此金鑰圈沒有該金鑰，無法驗證',
    en: 'entries from {seq} are sealed with an audit key this keychain does not hold; they cannot be checked',
  },
  'cli.audit_problem.journal_changed': { 'zh-TW': '動作 #{actionId} 的處理紀錄在第 {seq} 筆稽核紀錄之後遭修改', en: 'action #{actionId} in the journal was changed after entry {seq} recorded it' },
  'cli.audit_problem.journal_missing': { 'zh-TW': '動作 #{actionId}（第 {seq} 筆稽核紀錄）已從處理紀錄中刪除', en: 'action #{actionId}, recorded by entry {seq}, was deleted from the journal' },
  'cli.audit_problem.journal_unaudited': { 'zh-TW': '動作 #{actionId} 沒有任何稽核紀錄（非經主控台寫入）', en: "action #{actionId} has no audit entry (written behind the console's back)" },
  // Backups, restores, the database.
  'cli.store_damaged': {
    'zh-TW': '資料庫已損壞：請還原最新的備份（recon restore --latest，或在「設定」中還原）（錯誤編號 {errorId}）',
    en: 'the database is damaged; restore the latest backup: recon restore --latest, or in Settings (error id {errorId})',
  },
  'cli.backup_written': {
    'zh-TW': '備份已寫入 {file}（{bytes} 位元組，資料庫結構版本 {schema}，{auditEntries} 筆稽核紀錄）',
    en: 'backup written to {file} ({bytes} bytes, schema {schema}, {auditEntries} audit entries)',
  },
  'cli.restore_fresh_moved': {
    'zh-TW': '原本的資料庫已移到 {file}；主控台將以全新的空白資料庫啟動',
    en: 'the database was moved to {file}; the console starts with a new, empty database',
  },
  'cli.restore_fresh_new': { 'zh-TW': '原本沒有資料庫；主控台將以新的資料庫啟動', en: 'there was no database; the console starts with a new one' },
  'cli.restored': {
    'zh-TW': '已從 {file} 還原：完整性檢查通過，稽核紀錄驗證無誤（{auditEntries} 筆）',
    en: 'restored {file}: integrity ok, audit log verified ({auditEntries} entries)',
  },
  'cli.restored_kept': {
    'zh-TW': '已從 {file} 還原：完整性檢查通過，稽核紀錄驗證無誤（{auditEntries} 筆）；被取代的資料庫保留在 {replaced}',
    en: 'restored {file}: integrity ok, audit log verified ({auditEntries} entries); the replaced database is kept at {replaced}',
  },
  'cli.diagnostics_written': {
    'zh-TW': '診斷資料已寫入 {file}（{logs} 個紀錄檔，{bytes} 位元組）',
    en: 'diagnostics written to {file} ({logs} log files, {bytes} bytes)',
  },
  'cli.db_ok': { 'zh-TW': '資料庫正常（integrity_check）', en: 'database OK (integrity_check)' },
  'cli.db_damaged': {
    'zh-TW': '資料庫已損壞：{problems}；請還原最新的備份：recon restore --latest',
    en: 'DATABASE DAMAGED: {problems}; restore the latest backup: recon restore --latest',
  },
  // Profiles.
  'cli.profile_added': {
    'zh-TW': '已新增設定檔 {name}（{gateway}，{environment}，{url}）；金鑰已存入金鑰圈',
    en: 'added profile {name} ({gateway}, {environment}, {url}); secrets stored in the keychain',
  },
  'cli.profile_removed': { 'zh-TW': '已移除設定檔 {name}', en: 'removed profile {name}' },
  'cli.no_profiles': { 'zh-TW': '還沒有任何設定檔：請用 `recon profile add` 新增', en: 'no profiles yet: add one with `recon profile add`' },
  'cli.secrets_state': {
    'zh-TW': '金鑰{state, select, set {已設定} missing {未設定} other {無法讀取（金鑰圈無法使用）}}',
    en: 'secrets {state, select, set {set} missing {missing} other {keychain unavailable}}',
  },
  // Orders, settlement, payouts, periods, anomalies.
  'cli.order_count': { 'zh-TW': '{orders} 筆訂單', en: '{orders} orders' },
  'cli.payout_pending': { 'zh-TW': '尚未撥款', en: 'not paid yet' },
  'cli.order_totals': {
    'zh-TW': '{count} 筆訂單\t金額 {amount}\t已請款 {captured}\t已退款 {refunded}\t手續費 {fee}\t退回手續費 {feeReturned}\t淨額 {net}',
    en: '{count} orders\tamount {amount}\tcaptured {captured}\trefunded {refunded}\tfee {fee}\tfee returned {feeReturned}\tnet {net}',
  },
  'cli.settlement_amounts': {
    'zh-TW': '已請款 {captured}\t已退款 {refunded}\t手續費 {fees}\t退回手續費 {feesReturned}\t淨額 {net}',
    en: 'captured {captured}\trefunded {refunded}\tfees {fees}\tfees returned {feesReturned}\tnet {net}',
  },
  'cli.total': { 'zh-TW': '合計', en: 'total' },
  'cli.closed_through': { 'zh-TW': '已結帳至 {day}', en: 'closed through {day}' },
  'cli.nothing_closed': { 'zh-TW': '目前沒有已結帳的日期', en: 'closed through (nothing closed)' },
  'cli.anomaly_accepted': { 'zh-TW': '#{id} 已接受', en: '#{id} accepted' },
  // Reconciliation.
  'cli.columns_given': {
    'zh-TW': '欄位：{columns}（由 --columns 指定{rest, select, saved {，其餘沿用已儲存的對應} suggested {，其餘依標題建議} other {}}）',
    en: 'columns: {columns} (from --columns{rest, select, saved {, the rest saved} suggested {, the rest suggested} other {}})',
  },
  'cli.columns_saved': { 'zh-TW': '欄位：{columns}（沿用 {profile} 已儲存的對應）', en: 'columns: {columns} (the saved mapping of {profile})' },
  'cli.columns_suggested': { 'zh-TW': '欄位：{columns}（依標題建議；可用 --columns 更改）', en: 'columns: {columns} (suggested from the headers; pass --columns to change)' },
  'cli.ledger_imported': {
    'zh-TW': '帳冊：匯入 {imported} 列（{encoding}），{bad} 列有誤，{skipped} 列屬於其他設定檔；{from}..{to}',
    en: 'ledger: {imported} rows imported ({encoding}), {bad} bad, {skipped} for other profiles; {from}..{to}',
  },
  'cli.ledger_bad_row': { 'zh-TW': '第 {row} 列，欄位 {column}，「{value}」：{reason}', en: 'bad row {row}, column {column}, {value}: {reason}' },
  'cli.ledger_more_bad': { 'zh-TW': '……還有 {count} 列有誤', en: '... and {count} more bad rows' },
  'cli.reconcile_summary': {
    'zh-TW': '{from}..{to}：{matched} 筆相符，{exceptions} 筆差異',
    en: '{from}..{to}: {matched} matched, {exceptions} exceptions',
  },
  'cli.reconcile_row': {
    'zh-TW': '{kind}\t{orderNo}\t店家 {ledgerAmount} {ledgerStatus}\t金流 {gatewayAmount} {gatewayStatus}\t{state}',
    en: '{kind}\t{orderNo}\tshop {ledgerAmount} {ledgerStatus}\tgateway {gatewayAmount} {gatewayStatus}\t{state}',
  },
  'cli.no_longer_found': { 'zh-TW': '（已不再出現）', en: ' (no longer found)' },
  'cli.exception_count': { 'zh-TW': '{count} 筆差異', en: '{count} exceptions' },
} as const satisfies Record<string, Record<Lang, string>>;
