// The audit log against someone who can write the SQLite file but not the OS keychain: every entry
// carries an HMAC under this install's key (in the keychain), and the newest (seq, MAC) is kept there
// too. A dropped trigger + deleted tail, a forged append and a recomputed chain each make
// `recon audit verify` exit 1 naming the problem. Plus migration 5 on a database holding data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorAudit, auditAccounts, currentAuditHead } from '../../src-main/core/audit-anchor.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { verifyAudit } from '../../src-main/core/services/audit.ts';
import { AuditLog, type AuditRow, canonicalContent, chainHash } from '../../src-main/core/store/audit.ts';
import { migrations } from '../../src-main/core/store/migrations.ts';
import { runRecon } from '../support/cli.ts';
import { appOn, dropTrigger, engineOf, rawDb } from '../support/data-folder.ts';
import type { Db } from '../../src-main/core/store/db.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const entry = (n: number) => ({
  atMs: 1_742_454_000_000 + n, operator: '王小明', shell: 'cli', event: 'action.cancel.refused', outcome: 'refused' as const, profile: 'fp',
  gateway: 'flashpay', orderNo: `ORD${n}`, actionId: null, amount: 128_000, request: '', response: '', raw: '', note: `n${n}`,
});

function rehash(db: Db, fromSeq: number): void {
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(fromSeq) as AuditRow[];
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(fromSeq - 1) as string | undefined) ?? '0'.repeat(64);
  for (const r of rows) {
    const hash = chainHash(prev, canonicalContent(r));
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

describe('sealing in process (a memory keychain)', () => {
  it('creates the key on a fresh install, seals each entry, and keeps the head', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-anchor-'));
    const credentials = new MemoryCredentialStore();
    const app = appOn(dataDir, { shell: 'cli', credentials });
    try {
      expect(await anchorAudit(app)).toBe('anchored');
      const log = new AuditLog(app.db);
      for (let i = 1; i <= 3; i++) log.append(entry(i));
      const head = await currentAuditHead(app);
      expect(head).toMatchObject({ seq: 3, mac: log.macAt(3) });
      expect(await verifyAudit(app)).toMatchObject({ ok: true, entries: 3, anchored: true, headSeq: 3, problems: [] });
      // The key lives in the keychain only, never in the database file.
      const key = await credentials.get(auditAccounts(app).key);
      expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      if (engineOf() === 'sqlite') {
        app.db.pragma('wal_checkpoint(TRUNCATE)');
        expect(readFileSync(path.join(dataDir, 'recon.sqlite')).includes(Buffer.from(key!))).toBe(false);
      } else {
        // No row of any table of the team database holds it.
        const tables = app.db.prepare("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").pluck().all() as string[];
        expect(tables.length).toBeGreaterThan(10);
        for (const t of tables) expect(app.db.prepare(`SELECT COUNT(*) FROM ${t} r WHERE r::text LIKE ?`).pluck().get(`%${key}%`), t).toBe(0);
      }
    } finally {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a cut-off tail hidden by new appends is a head mismatch; the head never moves past it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-anchor-'));
    const app = appOn(dataDir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      await anchorAudit(app);
      const log = new AuditLog(app.db);
      for (let i = 1; i <= 3; i++) log.append(entry(i));
      const before = await currentAuditHead(app);
      const raw = rawDb(dataDir);
      dropTrigger(raw, 'audit_log_no_delete', 'audit_log');
      raw.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      raw.close();
      // The console goes on appending: seq 3 again, properly sealed, then 4.
      log.append(entry(30));
      log.append(entry(40));
      expect(await currentAuditHead(app)).toEqual(before);
      const v = await verifyAudit(app);
      expect(v.problems.map((p) => [p.code, p.seq])).toEqual([['head_mismatch', 3]]);
    } finally {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a sealed log whose key is not in this keychain is reported, and no new key is made for it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-anchor-'));
    try {
      const first = appOn(dataDir, { shell: 'cli', credentials: new MemoryCredentialStore() });
      await anchorAudit(first);
      new AuditLog(first.db).append(entry(1));
      first.close();
      const elsewhere = new MemoryCredentialStore();
      const app = appOn(dataDir, { shell: 'cli', credentials: elsewhere });
      try {
        expect(await anchorAudit(app)).toBe('key_missing');
        expect(await elsewhere.get(auditAccounts(app).key)).toBeNull();
        const v = await verifyAudit(app);
        expect(v).toMatchObject({ ok: false, anchored: false });
        expect(v.problems.map((p) => p.code)).toEqual(['key_missing']);
      } finally {
        app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('demo mode never waits on the keychain, unless the log is already sealed', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-anchor-'));
    try {
      const credentials = new MemoryCredentialStore();
      const demo = appOn(dataDir, { shell: 'web', demo: true, credentials });
      expect(await anchorAudit(demo)).toBe('demo');
      expect(await credentials.get(auditAccounts(demo).key)).toBeNull();
      new AuditLog(demo.db).append(entry(1));
      demo.close();
      // A real start seals what demo mode wrote; a later --demo start then keeps sealing.
      const real = appOn(dataDir, { shell: 'web', credentials });
      expect(await anchorAudit(real)).toBe('anchored');
      real.close();
      const again = appOn(dataDir, { shell: 'web', demo: true, credentials });
      try {
        expect(await anchorAudit(again)).toBe('anchored');
        new AuditLog(again.db).append(entry(3));
        expect(await verifyAudit(again)).toMatchObject({ ok: true, entries: 3, anchored: true });
      } finally {
        again.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // SQLite's migration 5 itself: the team database starts at the sealed schema (pg/migrations.ts).
  it.skipIf(engineOf() === 'postgres')('migration 5 upgrades a database holding data; the old chain still verifies and is sealed by the first keyed entry', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-m5-'));
    try {
      const old = rawDb(dataDir);
      old.transaction(() => {
        for (const m of migrations.slice(0, 4)) old.exec(m);
        old.pragma('user_version = 4');
      })();
      let prev = '0'.repeat(64);
      for (let seq = 1; seq <= 3; seq++) {
        const e = entry(seq);
        const content = { seq, at_ms: e.atMs, operator: e.operator, shell: e.shell, event: e.event, outcome: e.outcome, profile: e.profile, gateway: e.gateway, order_no: e.orderNo, action_id: null, amount: e.amount, request: '', response: '', raw: '', note: e.note };
        const hash = chainHash(prev, canonicalContent(content));
        old.prepare(`INSERT INTO audit_log (seq, at_ms, operator, shell, event, outcome, profile, gateway, order_no, action_id, amount, request, response, raw, note, prev_hash, hash)
          VALUES (@seq, @at_ms, @operator, @shell, @event, @outcome, @profile, @gateway, @order_no, @action_id, @amount, @request, @response, @raw, @note, @prev_hash, @hash)`).run({ ...content, prev_hash: prev, hash });
        prev = hash;
      }
      old.close();

      const app = appOn(dataDir, { shell: 'cli', credentials: new MemoryCredentialStore() });
      try {
        expect(app.db.pragma('user_version', { simple: true })).toBe(migrations.length);
        expect(await verifyAudit(app)).toMatchObject({ ok: true, entries: 3, anchored: false });
        expect(await anchorAudit(app)).toBe('anchored');
        const rows = [...new AuditLog(app.db).iterate({})];
        expect(rows.map((r) => [r.seq, r.event, r.mac === null])).toEqual([
          [1, 'action.cancel.refused', true],
          [2, 'action.cancel.refused', true],
          [3, 'action.cancel.refused', true],
          [4, 'audit.anchored', false],
        ]);
        expect(rows[3]!.note).toContain(rows[2]!.hash);
        expect(await verifyAudit(app)).toMatchObject({ ok: true, entries: 4, anchored: true, headSeq: 4 });
        // Rewriting a pre-key entry and recomputing the chain breaks the sealing entry's MAC.
        const raw = rawDb(dataDir);
        dropTrigger(raw, 'audit_log_no_update', 'audit_log');
        raw.prepare("UPDATE audit_log SET note = 'rewritten' WHERE seq = 2").run();
        rehash(raw, 2);
        raw.close();
        const v = await verifyAudit(app);
        expect(v.ok).toBe(false);
        expect(v.problems[0]).toMatchObject({ seq: 4 });
      } finally {
        app.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.runIf(keyringAvailable().ok)('recon audit verify against a writer of the database file', () => {
  let keyring: PrivateKeyring;
  const dirs: string[] = [];
  const envFor = (dataDir: string) => ({ ...keyring.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: `recon-anchor-test-${process.pid}` });

  /** A data folder with three sealed entries (refused cancels: bad amounts), written by real `recon` runs. */
  async function threeEntries(): Promise<{ dataDir: string; env: Record<string, string>; db: () => Db }> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-anchor-cli-'));
    dirs.push(dataDir);
    const env = envFor(dataDir);
    for (let i = 1; i <= 3; i++) {
      const r = await runRecon(['cancel', '--profile', 'fp', '--order', `ORD${i}`, '--amount', 'abc', '--yes'], { env });
      expect(r.code, r.stderr).toBe(2);
    }
    const ok = await runRecon(['audit', 'verify'], { env });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/3 entries, chain intact, sealed with this install's audit key \(keychain head at seq 3\)/);
    return { dataDir, env, db: () => rawDb(dataDir) };
  }

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
  }, 30_000);
  afterAll(async () => {
    await keyring?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('names each kind of tampering', async () => {
    const [tail, forged, recomputed] = await Promise.all([threeEntries(), threeEntries(), threeEntries()]);

    // 1. Drop the trigger, delete the newest entry (then everything): the keychain head is further.
    let d = tail.db();
    dropTrigger(d, 'audit_log_no_delete', 'audit_log');
    d.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    d.close();
    let v = await runRecon(['audit', 'verify'], { env: tail.env });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/entries after seq 2 are missing: the audit head kept in the keychain is at seq 3/);
    d = tail.db();
    d.prepare('DELETE FROM audit_log').run();
    d.close();
    v = await runRecon(['audit', 'verify'], { env: tail.env });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/entries after seq 0 are missing/);

    // 2. Append a "refund succeeded" with a correctly computed hash (and a made-up MAC).
    d = forged.db();
    const last = d.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as AuditRow;
    const content = { ...last, seq: 4, event: 'action.refund.result', outcome: 'succeeded' as const, note: 'the gateway answered success', journal: null };
    const hash = chainHash(last.hash, canonicalContent(content));
    d.prepare(`INSERT INTO audit_log (seq, at_ms, operator, shell, event, outcome, profile, gateway, order_no, action_id, amount, request, response, raw, note, journal, prev_hash, hash, mac)
      VALUES (@seq, @at_ms, @operator, @shell, @event, @outcome, @profile, @gateway, @order_no, @action_id, @amount, @request, @response, @raw, @note, @journal, @prev_hash, @hash, @mac)`).run({ ...content, prev_hash: last.hash, hash, mac: 'ab'.repeat(32) });
    d.close();
    v = await runRecon(['audit', 'verify'], { env: forged.env });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/entry 4 is forged: it does not carry a valid MAC of this install's audit key \(appended after the keychain head, seq 3\)/);

    // 3. Rewrite entry 2 and recompute every later hash: the hash chain holds, the MACs do not.
    d = recomputed.db();
    dropTrigger(d, 'audit_log_no_update', 'audit_log');
    d.prepare("UPDATE audit_log SET note = 'nothing happened here' WHERE seq = 2").run();
    rehash(d, 2);
    d.close();
    v = await runRecon(['audit', 'verify'], { env: recomputed.env });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/the chain was recomputed from entry 2: entries 2\.\.3 have consistent hashes but not the audit key's MACs/);
    const json = await runRecon(['audit', 'verify', '--json'], { env: recomputed.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, anchored: true, headSeq: 3, problems: [{ code: 'chain_recomputed', seq: 2 }] });
  }, 240_000);
});
