// The pure parts: what each status allows, and the audit chain (append-only triggers, tamper and gap
// detection) on a real SQLite file.
import Database from 'better-sqlite3';
import { connectPostgres } from '../../src-main/core/store/pg/open.ts';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, judgeAfter } from '../../src-main/core/services/action-rules.ts';
import { AuditLog } from '../../src-main/core/store/audit.ts';
import { csvCell } from '../../src-main/core/services/audit.ts';
import { tempApp } from '../support/app.ts';

const fp = (statusCode: string, refunded = 0) => ({ gateway: 'flashpay' as const, statusCode, amount: 128_000, refunded });
const fb = (statusCode: string) => ({ gateway: 'firstbank' as const, statusCode, amount: 120_000, refunded: 0 });

describe('action rules', () => {
  it.each([
    ['02', 'cancel', 'void_authorization'],
    ['03', 'cancel', 'refund_captured'],
    ['03', 'refund', 'refund_captured'],
    ['04', 'cancel', 'refund_captured'],
    ['04', 'refund', 'refund_captured'],
  ] as const)('FlashPay %s allows %s (%s)', (code, kind, expected) => {
    expect(decide(fp(code), kind, 128_000)).toMatchObject({ allowed: true, expected, operation: 'flashpay:tx8' });
  });

  it.each([
    ['00', 'pending'],
    ['ZP', 'pending'],
    ['ZF', 'failed'],
    ['12', 'cancelled'],
    ['06', 'refunded'],
    ['08', 'refunded'],
    ['99', 'unknown_status'],
  ])('FlashPay %s is refused (%s)', (code, refusal) => {
    expect(decide(fp(code), 'cancel', 128_000)).toMatchObject({ allowed: false, code: refusal });
  });

  it('refuses partial amounts, refunds of uncaptured orders and partly refunded orders, naming the back-office', () => {
    const partial = decide(fp('03'), 'refund', 100_000);
    expect(partial).toMatchObject({ allowed: false, code: 'partial_amount' });
    expect(partial.allowed === false && partial.reason).toMatch(/back-office/);
    expect(decide(fp('02'), 'refund', 128_000)).toMatchObject({ allowed: false, code: 'use_cancel' });
    expect(decide(fp('04', 10_000), 'refund', 128_000)).toMatchObject({ allowed: false, code: 'partly_refunded' });
    expect(decide(fb('2'), 'refund', 1)).toMatchObject({ allowed: false, code: 'partial_amount' });
  });

  it('First Bank: refund on 2 only; no cancel API', () => {
    expect(decide(fb('2'), 'refund', 120_000)).toMatchObject({ allowed: true, expected: 'refund_full', operation: 'firstbank:RefundProcessOnline' });
    expect(decide(fb('2'), 'cancel', 120_000)).toMatchObject({ allowed: false, code: 'no_cancel_api' });
    for (const [code, refusal] of [['0', 'not_paid'], ['1', 'cancelled'], ['3', 'refunded'], ['4', 'refund_pending'], ['5', 'cancel_pending'], ['6', 'failed'], ['7', 'amount_mismatch'], ['', 'unknown_status']]) {
      expect(decide(fb(code!), 'refund', 120_000)).toMatchObject({ allowed: false, code: refusal });
    }
  });

  it('judges re-queried statuses after an unknown outcome', () => {
    expect(['12', '06', '08'].map((c) => judgeAfter('flashpay', c))).toEqual(['happened', 'happened', 'happened']);
    expect(['02', '03', '04'].map((c) => judgeAfter('flashpay', c))).toEqual(['not-happened', 'not-happened', 'not-happened']);
    expect(judgeAfter('flashpay', 'ZP')).toBe('unclear');
    expect(['3', '4', '2', '5'].map((c) => judgeAfter('firstbank', c))).toEqual(['happened', 'happened', 'not-happened', 'unclear']);
  });
});

describe('the audit log', () => {
  const entry = (n: number) => ({
    atMs: 1_742_454_000_000 + n, operator: '王小明', shell: 'cli', event: 'action.cancel.intent', outcome: 'intent' as const, profile: 'fp',
    gateway: 'flashpay', orderNo: `ORD${n}`, actionId: n, amount: 128_000, request: '{"tx_type":8}', response: '', raw: '', note: `n${n}`,
  });

  it('chains entries, refuses UPDATE and DELETE, and detects an edit or a removal made behind its back', () => {
    const app = tempApp();
    try {
      const log = new AuditLog(app.db);
      for (let i = 1; i <= 5; i++) log.append(entry(i));
      expect(log.verify()).toMatchObject({ ok: true, entries: 5, problems: [] });
      expect(() => app.db.prepare('UPDATE audit_log SET note = ? WHERE seq = 2').run('x')).toThrow(/append-only/);
      expect(() => app.db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);

      // Someone with the database's own tools, behind the console's back: the triggers go first.
      const raw = app.engine === 'postgres' ? connectPostgres(app.db.name) : new Database(path.join(app.dataDir, 'recon.sqlite'));
      raw.exec(
        app.engine === 'postgres'
          ? 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update; ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete;'
          : 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;',
      );
      raw.prepare('UPDATE audit_log SET amount = 1 WHERE seq = 3').run();
      expect(log.verify()).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringMatching(/changed/) } });
      // Re-hashing the edited row does not help: the next entry's link breaks instead.
      raw.prepare('UPDATE audit_log SET amount = 128000 WHERE seq = 3').run();
      expect(log.verify().ok).toBe(true);
      raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
      expect(log.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, reason: expect.stringMatching(/entry 2 is missing/) } });
      raw.close();
    } finally {
      app.cleanup();
    }
  });

  it('filters by day, operator, order and outcome', () => {
    const app = tempApp();
    try {
      const log = new AuditLog(app.db);
      for (let i = 1; i <= 3; i++) log.append(entry(i));
      log.append({ ...entry(4), operator: 'amy', outcome: 'refused' });
      expect(log.list({ operator: 'amy' }, 0, 50).total).toBe(1);
      expect(log.list({ outcome: 'intent' }, 0, 50).total).toBe(3);
      expect(log.list({ orderNo: 'ORD2' }, 0, 50).rows.map((r) => r.seq)).toEqual([2]);
      expect(log.list({ from: '2025-03-20', to: '2025-03-20' }, 0, 50).total).toBe(4);
      expect(log.list({ from: '2025-03-21' }, 0, 50).total).toBe(0);
    } finally {
      app.cleanup();
    }
  });

  it('exports CSV cells that cannot become formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('a,b')).toBe('"a,b"');
  });
});
