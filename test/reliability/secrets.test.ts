// HashKey and HashIV never leave the main process's memory (README: "Never in SQLite, logs, exports or
// the renderer"). A full demo session runs in a real web-shell child process: the demo's first sync,
// ledger import and reconciliation, then through the contract a sync, an export (downloaded as the
// browser would), a reconciliation run, the notification inspector, profile and order lists, order
// details with their decoded payload and raw answer, a connection test, an action preview and the
// audit log. Afterwards no demo secret, in any encoding, is in the database files (while running and
// after a clean stop), the exports, the console's output, the pushed job events or any result the
// renderer received, or the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { sealAnswer } from '../../src-main/core/gateways/flashpay/codec.ts';
import { encodeForm, signFields } from '../../src-main/core/gateways/firstbank/codec.ts';
import { addDays, taipeiDayOf } from '../../src-main/core/time.ts';
import { firstBankCredentials, flashPayCredentials } from '../../src-main/sandbox/credentials.ts';
import { DEMO_FIRSTBANK, DEMO_FLASHPAY } from '../../src-main/shell/demo.ts';
import { callConsole, waitForJobs } from '../support/console-api.ts';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';

// Demo mode starts its sandboxes with seed 1, and sandbox credentials derive from the seed alone.
const DEMO_SEED = 1;
const fpKeys = flashPayCredentials(DEMO_SEED);
const fbKeys = firstBankCredentials(DEMO_SEED);
const SECRETS: Record<string, string> = {
  'FlashPay HashKey': fpKeys.hashKey,
  'FlashPay HashIV': fpKeys.hashIv,
  'First Bank HashKey': fbKeys.hashKey,
};

/** Every form a secret could take in bytes: as typed, its hex (either case), base64, UTF-16. */
function needles(secret: string): Array<{ form: string; bytes: Buffer }> {
  const utf8 = Buffer.from(secret, 'utf8');
  const hex = utf8.toString('hex');
  return [
    { form: 'utf-8', bytes: utf8 },
    { form: 'hex', bytes: Buffer.from(hex) },
    { form: 'HEX', bytes: Buffer.from(hex.toUpperCase()) },
    // The First Bank key is itself hex: an upper-cased copy would be the same secret.
    { form: 'upper-case', bytes: Buffer.from(secret.toUpperCase()) },
    { form: 'base64', bytes: Buffer.from(utf8.toString('base64').replace(/=+$/, '')) },
    { form: 'utf-16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
}

/** Names every secret found in `haystack`, with the form it was found in. */
function leaks(haystack: Buffer): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const n of needles(secret)) if (haystack.includes(n.bytes)) found.push(`${name} (${n.form})`);
  }
  return found;
}

/** The entries of a zip file (an .xlsx), inflated: its XML is compressed, so the raw bytes say nothing. */
function zipEntries(file: string): Array<{ name: string; data: Buffer }> {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const entries: Array<{ name: string; data: Buffer }> = [];
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), data: method === 8 ? inflateRawSync(raw) : raw });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** Every byte the database holds: the main file, the WAL and the shared-memory index, where present. */
function databaseFiles(dataDir: string): Array<{ name: string; bytes: Buffer }> {
  return ['recon.sqlite', 'recon.sqlite-wal', 'recon.sqlite-shm']
    .filter((f) => existsSync(path.join(dataDir, f)))
    .map((f) => ({ name: f, bytes: readFileSync(path.join(dataDir, f)) }));
}

describe('no demo secret leaves the main process', () => {
  let c: ConsoleProcess;
  let dataDir: string;
  const seen: Array<{ what: string; text: string }> = [];
  let events = '';
  const stopEvents = new AbortController();
  let eventsDone: Promise<void> = Promise.resolve();

  /** A contract call as the renderer makes it; the result is kept, since the renderer sees all of it. */
  async function call<T>(channel: string, payload: unknown = {}): Promise<T> {
    const result = await callConsole<T>(c, channel, payload);
    seen.push({ what: channel, text: JSON.stringify(result) });
    return result;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-secrets-'));
    c = await startConsole({ args: ['--demo'], env: { RECON_DATA_DIR: dataDir } });
    // The renderer also receives pushed job events; read them for the whole session.
    eventsDone = (async () => {
      try {
        const res = await fetch(`${c.origin}/api/events`, { headers: { 'x-recon-token': c.token }, signal: stopEvents.signal });
        const decoder = new TextDecoder();
        for await (const chunk of res.body!) events += decoder.decode(chunk as Uint8Array, { stream: true });
      } catch {
        // aborted when the session ends
      }
    })();
    await waitForJobs(c);
  }, 240_000);

  afterAll(async () => {
    stopEvents.abort();
    await eventsDone;
    await c?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the demo profiles really are the seed-1 credentials this test looks for', async () => {
    // A wrong derivation would make every "not found" below meaningless: the keys must open what the
    // demo's gateways produce. The FlashPay merchant id and First Bank platform id come from the same
    // derivation, and the console shows those.
    const profiles = await call<Array<{ name: string; merchantId: string; secrets: { hashKey: boolean; store: string } }>>('profiles:list');
    expect(profiles.map((p) => [p.name, p.merchantId, p.secrets.hashKey, p.secrets.store]).sort()).toEqual(
      [[DEMO_FIRSTBANK, fbKeys.platformId, true, 'memory'], [DEMO_FLASHPAY, fpKeys.merId, true, 'memory']].sort(),
    );
    // And the inspector verifies bodies signed with them (it fails on any other key).
    const fpBody = sealAnswer(JSON.stringify({ mer_id: fpKeys.merId, ord_no: '990001', tx_type: '104', tx_amt: '1280.00', ret_code: '00', order_status: '02', ord_time: '2025-03-20 14:00:00+08' }), fpKeys);
    const fbBody = encodeForm(signFields('notify', { PlatFormId: fbKeys.platformId, OrderId: '2025032099001', ReCheckId: '01250320140100123', Amount: '1200', PayType: 'CREDIT', TransStatus: '2', ToolStatus: '0000', PayInfo: '{"AuthCode":"AB1234","CardId":"4311952222222222"}' }, fbKeys.hashKey));
    const fp = await call<{ items: Array<{ ok: boolean; error?: string }> }>('notifications:inspect', { profile: DEMO_FLASHPAY, text: fpBody });
    const fb = await call<{ items: Array<{ ok: boolean; error?: string }> }>('notifications:inspect', { profile: DEMO_FIRSTBANK, text: fbBody });
    expect([fp.items[0], fb.items[0]]).toMatchObject([{ ok: true }, { ok: true }]);
  });

  it('a whole session through the contract, then every trace of it is searched', async () => {
    const today = taipeiDayOf(Date.now());
    const from = addDays(today, -6);
    const profiles = await call<Array<{ id: number; name: string }>>('profiles:list');
    const fpId = profiles.find((p) => p.name === DEMO_FLASHPAY)!.id;
    const fbId = profiles.find((p) => p.name === DEMO_FIRSTBANK)!.id;

    await call('sync:start', { profile: DEMO_FLASHPAY, from, to: today });
    await call('sync:start', { profile: DEMO_FIRSTBANK, from, to: today });
    await waitForJobs(c);
    const exported = await call<{ fileName: string; downloadUrl: string | null }>('export:start', { kind: 'settlement', filter: { from: addDays(today, -30), to: today } });
    const jobs = await waitForJobs(c);
    seen.push({ what: 'jobs:list', text: JSON.stringify(jobs) });
    expect(jobs.every((j) => j.state === 'done'), JSON.stringify(jobs)).toBe(true);
    // The browser downloads the workbook from the web shell.
    const download = await fetch(new URL(exported.downloadUrl!, `${c.origin}/`), { headers: { 'x-recon-token': c.token } });
    expect(download.status).toBe(200);
    const workbook = path.join(dataDir, 'downloaded.xlsx.bin');
    writeFileSync(workbook, Buffer.from(await download.arrayBuffer()));
    for (const e of zipEntries(workbook)) seen.push({ what: `download ${e.name}`, text: e.data.toString('utf8') });
    rmSync(workbook);

    for (const profile of [DEMO_FLASHPAY, DEMO_FIRSTBANK]) {
      const run = await call<{ exceptions: unknown[] }>('reconcile:run', { profile });
      expect(run.exceptions.length).toBeGreaterThan(0);
      await call('reconcile:exceptions', { profile });
      await call('profiles:test', { name: profile });
    }
    const list = await call<{ rows: Array<{ profileId: number; orderNo: string; status: string }> }>('orders:list', { from, to: today, limit: 200 });
    await call('orders:totals', { from, to: today });
    await call('settlement:daily', {});
    // Details of orders from both gateways, including their decoded payloads and raw answers.
    const picks = [...list.rows.filter((r) => r.profileId === fpId).slice(0, 5), ...list.rows.filter((r) => r.profileId === fbId).slice(0, 5)];
    expect(picks.length).toBe(10);
    for (const o of picks) {
      const detail = await call<{ payload: string | null; raw: { text: string } | null }>('orders:get', { profileId: o.profileId, orderNo: o.orderNo });
      expect(detail.raw?.text.length).toBeGreaterThan(0);
      await call('orders:requery', { profileId: o.profileId, orderNo: o.orderNo });
    }
    const refundable = list.rows.find((r) => r.profileId === fbId && r.status === 'captured');
    if (refundable) await call('actions:preview', { profile: DEMO_FIRSTBANK, orderNo: refundable.orderNo, kind: 'refund' });
    const audit = await call<{ entries: unknown[] }>('audit:list', { filters: {}, page: 0 });
    expect(audit.entries.length).toBeGreaterThan(0);
    await call('audit:export', { filters: {} });
    await call('app:info');

    // Renderer-visible: every result fetched, and the pushed events.
    for (const s of seen) expect(leaks(Buffer.from(s.text, 'utf8')), `the ${s.what} result`).toEqual([]);
    expect(events).toContain('job:progress');
    expect(leaks(Buffer.from(events, 'utf8')), 'the job events').toEqual([]);

    // The database while the console runs (the WAL holds the latest writes).
    const live = databaseFiles(dataDir);
    expect(live.map((f) => f.name)).toContain('recon.sqlite-wal');
    for (const f of live) expect(leaks(f.bytes), `${f.name} while running`).toEqual([]);

    // The exports folder: the workbooks' XML, and any other file as bytes.
    const exportsDir = path.join(dataDir, 'exports');
    const files = readdirSync(exportsDir);
    expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
    for (const f of files) {
      const full = path.join(exportsDir, f);
      expect(leaks(readFileSync(full)), f).toEqual([]);
      if (f.endsWith('.xlsx')) for (const e of zipEntries(full)) expect(leaks(e.data), `${f}: ${e.name}`).toEqual([]);
    }

    // After a clean stop: the checkpointed database file (and a WAL, if one is left).
    stopEvents.abort();
    await eventsDone;
    const output = c.output();
    await c.stop();
    const stopped = databaseFiles(dataDir);
    expect(stopped.map((f) => f.name)).toContain('recon.sqlite');
    for (const f of stopped) expect(leaks(f.bytes), `${f.name} after stop`).toEqual([]);
    expect(output).toContain('Reconciliation console (web shell) at');
    expect(leaks(Buffer.from(output, 'utf8')), 'the console output').toEqual([]);

    // The log of the whole session: written, and no secret (nor the launch token) in it.
    const logFiles = readdirSync(path.join(dataDir, 'logs'));
    expect(logFiles).toContain('web.log');
    const logText = Buffer.concat(logFiles.map((f) => readFileSync(path.join(dataDir, 'logs', f))));
    expect(logText.toString('utf8')).toContain('web shell serving');
    for (const f of logFiles) expect(leaks(readFileSync(path.join(dataDir, 'logs', f))), `logs/${f}`).toEqual([]);
    expect(logText.includes(Buffer.from(c.token)), 'the launch token in the log').toBe(false);
  }, 240_000);

  it('the search itself works: it finds each secret in each form', () => {
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const n of needles(secret)) {
        const planted = Buffer.concat([Buffer.from('…ordinary text…'), n.bytes, Buffer.from('…')]);
        expect(leaks(planted), `${name} as ${n.form}`).toContain(`${name} (${n.form})`);
      }
    }
  });
});
