// recon audit verify | export: check the hash chain of the audit log; write it out as CSV.
import { writeFileSync } from 'node:fs';
import { type Command, optionalString, requireString, said, UsageError, choiceList } from '../command.ts';
import { isMessageCode, msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { parseDay } from '../../core/time.ts';
import { AUDIT_OUTCOMES, type AuditFilters, type AuditOutcome } from '../../core/store/audit.ts';
import { exportAuditCsv, verifyAudit } from '../../core/services/audit.ts';

export const auditVerifyCommand: Command = {
  path: ['audit', 'verify'],
  summary: "check the audit log: hash chain, each entry's MAC, the keychain head, and the actions journal",
  summaryZh: '檢查稽核紀錄：雜湊鏈、每筆的 MAC 簽章、金鑰圈記錄的最新一筆，以及動作的處理紀錄',
  options: { json: { type: 'boolean', description: 'print the verdict as JSON', zh: '以 JSON 輸出檢查結果' } },
  details:
    'Names exactly what is wrong: a missing entry, a changed entry, a forged entry (no valid MAC of this\n' +
    "install's audit key), a recomputed chain, a missing tail (the keychain head is further than the log), a\n" +
    'head mismatch, or a journal row changed or deleted behind the console\'s back.\n' +
    'Exit: 0 when everything holds, 1 when anything is wrong.',
  detailsZh:
    '會明確指出哪裡有問題：紀錄遺失、紀錄被修改、紀錄是偽造的（沒有本機稽核金鑰的有效 MAC）、雜湊鏈被重新計算、\n' +
    '尾端紀錄遺失（金鑰圈記錄的最新一筆比紀錄還新）、最新一筆不符，或處理紀錄在主控台不知情時被修改或刪除。\n' +
    '結束代碼：0 全部正常；1 有任何問題。',
  async run(options, io) {
    return withApp(io, async (app) => {
      const v = await verifyAudit(app);
      if (options.json) io.stdout(`${JSON.stringify(v)}\n`);
      else if (v.ok) {
        const anchor = v.anchored ? `, sealed with this install's audit key${v.headSeq !== null ? ` (keychain head at seq ${v.headSeq})` : ''}` : ', NOT anchored (no audit key in the keychain: hash chain only)';
        const ok = msg('cli.audit_ok', { entries: v.entries, anchor: !v.anchored ? 'none' : v.headSeq !== null ? 'head' : 'key', headSeq: v.headSeq });
        io.stdout(`${said(io, ok, `audit log OK: ${v.entries} entries, chain intact${anchor}`)}\n`);
      } else {
        for (const p of v.problems) {
          const code = `cli.audit_problem.${p.code}`;
          const problem = isMessageCode(code) ? msg(code, p.params) : p.message;
          io.stdout(`${said(io, msg('cli.audit_broken', { problem }), `AUDIT LOG BROKEN: ${p.message}`)}\n`);
        }
      }
      return v.ok ? 0 : 1;
    }, { audit: true });
  },
};

export const auditExportCommand: Command = {
  path: ['audit', 'export'],
  summary: 'write the audit log (or a filtered part) as CSV',
  summaryZh: '將稽核紀錄（或篩選出的部分）匯出為 CSV',
  options: {
    out: { type: 'string', required: true, description: 'the CSV file to write', zh: '要寫入的 CSV 檔案', value: 'FILE.csv' },
    from: { type: 'string', description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
    operator: { type: 'string', description: 'only this operator', zh: '只列出此操作人員', value: 'NAME' },
    order: { type: 'string', description: 'only this order number', zh: '只列出此訂單編號', value: 'ORD_NO' },
    outcome: { type: 'string', description: `only this outcome (${AUDIT_OUTCOMES.join(', ')})`, zh: `只列出此結果（${AUDIT_OUTCOMES.join('、')}）`, value: 'O' },
  },
  async run(options, io) {
    const outcome = optionalString(options, 'outcome');
    if (outcome !== undefined && !AUDIT_OUTCOMES.includes(outcome as AuditOutcome)) {
      throw new UsageError(`--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`, { msg: msg('cli.bad_choice', { option: '--outcome', choices: choiceList(AUDIT_OUTCOMES), value: outcome }) });
    }
    const from = optionalString(options, 'from');
    const to = optionalString(options, 'to');
    const filters: AuditFilters = {
      from: from === undefined ? undefined : parseDay(from, '--from'),
      to: to === undefined ? undefined : parseDay(to, '--to'),
      operator: optionalString(options, 'operator'),
      orderNo: optionalString(options, 'order'),
      outcome: outcome as AuditOutcome | undefined,
    };
    return withApp(io, async (app) => {
      const csv = exportAuditCsv(app, filters);
      writeFileSync(requireString(options, 'out'), csv.content);
      const out = requireString(options, 'out');
      io.stdout(`${said(io, msg('cli.audit_exported', { rows: csv.rows, file: out }), `${csv.rows} entries written to ${out}`)}\n`);
      return 0;
    });
  },
};
