// Issue 18 item 6: a 14.9 MB CSV import froze the console (the whole table copied back to the main
// thread, mapped there and written in one long transaction on it). Now the worker reads, maps and
// writes; the main thread only hears progress, so it answers between every step. These tests assert
// ordering and visibility, never timings (the figures are in bench/import.ts).
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src-main/core/app.ts';
import { importLedger, previewLedger, PREVIEW_ROWS } from '../../src-main/core/services/ledger-import.ts';
import { AuditLog, setAuditSealer } from '../../src-main/core/store/audit.ts';
import { LedgerStore } from '../../src-main/core/store/ledger.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { tempApp } from '../support/app.ts';
import { firstBankProfile, flashPayProfile, utf8 } from '../unit/reconcile/helpers.ts';

let app: App & { cleanup(): void };
beforeEach(() => {
  app = tempApp();
});
afterEach(() => app.cleanup());

/** `rows` valid ledger rows, one per order, over 28 days of March 2024. */
function ledgerCsv(rows: number, extra = ''): Uint8Array {
  const lines = ['訂單編號,金額,訂單時間,狀態,ReCheckId,PayType'];
  for (let i = 0; i < rows; i++) {
    lines.push(`SHOP${String(i).padStart(9, '0')},${(i % 5000) + 1},2024/03/${String((i % 28) + 1).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')},已付款,R${i},CREDIT`);
  }
  return utf8(lines.join('\n') + extra);
}

const MAPPING = { orderNo: '訂單編號', amount: '金額', date: '訂單時間', status: '狀態' };

function countRows(table: 'ledger_rows' | 'ledger_imports' | 'audit_log'): number {
  return app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
}

describe('a large import leaves the main thread free', () => {
  test('app:info is answered between the worker’s progress reports and after the last one, before the import ends', async () => {
    const profile = await flashPayProfile(app);
    const bytes = ledgerCsv(60_000); // about 3.6 MB: the worker path
    const events: string[] = [];
    let done = false;
    const probe = (async () => {
      while (!done) {
        await new Promise((r) => setImmediate(r));
        await dispatch(app, 'app:info', {});
        // The import is visible whole or not at all.
        const visible = countRows('ledger_rows');
        if (visible !== 0 && visible !== 60_000) events.push('half-written');
        events.push('info');
      }
    })();
    const result = await importLedger(app, profile, bytes, { fileName: 'big.csv', mapping: MAPPING, onProgress: (p) => events.push(`progress:${p.rows}`) });
    events.push('done');
    done = true;
    await probe;
    expect(result.imported).toBe(60_000);
    expect(countRows('ledger_rows')).toBe(60_000);
    expect(events).not.toContain('half-written');
    const progress = events.map((e, i) => (e.startsWith('progress:') ? i : -1)).filter((i) => i >= 0);
    // Progress is reported in batches while the worker reads and writes...
    expect(progress.length).toBeGreaterThan(1);
    expect(Number(events[progress.at(-1)!]!.split(':')[1])).toBe(60_000);
    // ...and the main thread answered between batches and after the last one (the final commit is
    // the worker's too), not only while the file was parsed.
    const infosBetween = progress.slice(1).map((p, k) => events.slice(progress[k]! + 1, p).filter((e) => e === 'info').length);
    expect(infosBetween.filter((n) => n > 0).length).toBeGreaterThan(0);
    expect(events.slice(progress.at(-1)! + 1, events.indexOf('done')).filter((e) => e === 'info').length).toBeGreaterThan(0);
  }, 180_000);

  test('an import that fails at the end of a large file leaves nothing written and says why', async () => {
    const profile = await flashPayProfile(app);
    const auditBefore = countRows('audit_log');
    await expect(importLedger(app, profile, ledgerCsv(30_000, '\n"SHOP999,1,2024/03/01,已付款'), { fileName: 'cut.csv', mapping: MAPPING })).rejects.toThrow(
      /never closed/,
    );
    expect(countRows('ledger_rows')).toBe(0);
    expect(countRows('ledger_imports')).toBe(0);
    expect(countRows('audit_log')).toBe(auditBefore);
  }, 180_000);

  test('the worker import does what the main-thread one does: replaced days, First Bank orders known, audit entry', async () => {
    const profile = await firstBankProfile(app);
    const mapping = { ...MAPPING, reCheckId: 'ReCheckId', payType: 'PayType' };
    expect(await importLedger(app, profile, ledgerCsv(20_000), { fileName: 'a.csv', mapping })).toMatchObject({ imported: 20_000, registered: 20_000 });
    // A re-export of the same period without the last 100 orders: they no longer linger.
    const second = await importLedger(app, profile, ledgerCsv(19_900), { fileName: 'b.csv', mapping });
    expect(second).toMatchObject({ imported: 19_900, badCount: 0, from: '2024-03-01', to: '2024-03-28' });
    expect(countRows('ledger_rows')).toBe(19_900);
    const ledger = new LedgerStore(app.db);
    expect(ledger.lastImport(profile.id)).toMatchObject({ file_name: 'b.csv', rows: 19_900 });
    expect(ledger.rowsByKey(profile.id, 'SHOP000000007')[0]).toMatchObject({ amount: 800, status: 'paid', recheck_id: 'R7', pay_type: 'CREDIT', taipei_day: '2024-03-08' });
    expect(app.db.prepare("SELECT COUNT(*) FROM orders WHERE profile_id = ? AND source = 'ledger'").pluck().get(profile.id)).toBe(20_000);
    expect(app.db.prepare("SELECT COUNT(*) FROM audit_log WHERE event = 'ledger.import'").pluck().get()).toBe(2);
  }, 180_000);

  test('the worker seals its audit entry with the install key, and the main connection hears of the append', async () => {
    const profile = await flashPayProfile(app);
    const key = Buffer.alloc(32, 7);
    let appended = 0;
    setAuditSealer(app.db, key, () => appended++);
    await importLedger(app, profile, ledgerCsv(20_000), { fileName: 'sealed.csv', mapping: MAPPING });
    await new Promise((r) => setImmediate(r));
    const log = new AuditLog(app.db);
    expect(log.last()).toMatchObject({ mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(log.verify({ key, head: null })).toMatchObject({ ok: true, anchored: true });
    expect(appended).toBeGreaterThan(0);
  }, 180_000);

  test('a preview of a large file holds only its first rows and counts the rest', async () => {
    const profile = await flashPayProfile(app);
    const preview = await previewLedger(app, profile, 'big.csv', ledgerCsv(40_000));
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.totalRows).toBe(40_000);
    expect(preview.rows[0]).toEqual(['SHOP000000000', '1', '2024/03/01 10:00', '已付款', 'R0', 'CREDIT']);
    expect(preview.mapping).toMatchObject(MAPPING);
  }, 180_000);
});
