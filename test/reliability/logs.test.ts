// The log: structured lines in <data>/logs/, size-capped and rotated, with secrets, tokens and card
// numbers redacted wherever they appear (a field, an error message, a stack); every unexpected error
// is logged with an id that the person sees in the message; the diagnostics bundle carries the logs,
// versions and schema version, never a secret.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { RotatingFile, log, logUnexpected, setLogger } from '../../src-main/core/ops/log.ts';
import { rememberSecret } from '../../src-main/core/ops/redact.ts';
import { toBridgeError } from '../../src-main/shell/handlers.ts';
import { startWebShell } from '../../src-main/shell/web/server.ts';
import { writeDiagnostics } from '../../src-main/core/ops/diagnostics.ts';
import { schemaVersion } from '../../src-main/core/store/db.ts';
import { pgSchemaVersion } from '../../src-main/core/store/pg/open.ts';
import { updateProfileSecrets } from '../../src-main/core/services/profiles.ts';
import { tempApp } from '../support/app.ts';
import { seedProfiles } from '../support/seed.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'recon-logs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// Real-looking keys: a FlashPay HashKey (32) and HashIV (16), a First Bank HashKey; a card number
// that passes Luhn, and the seed's example CardId (which does not).
const FP_KEY = 'Qx7vT2mPa9LkR4sWz8NcY3hJd6FbG1eU';
const FP_IV = 'mK4pX9wQ2zR7tL5v';
const FB_KEY = '8f3a61c9d24e7b05a1f6c3e98d0b274f';
const PAN = '4111111111111111';
const SEED_CARD = '4311952222222222';

function readLogs(dataDir: string): string {
  const dir = path.join(dataDir, 'logs');
  return readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
}

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, s] of Object.entries({ FP_KEY, FP_IV, FB_KEY })) {
    for (const form of [s, Buffer.from(s).toString('hex'), Buffer.from(s).toString('base64').replace(/=+$/, '')]) if (text.includes(form)) found.push(name);
  }
  for (const card of [PAN, SEED_CARD, '4311 9522 2222 2222']) if (text.includes(card)) found.push(card);
  return found;
}

describe('the log', () => {
  it('is JSON lines in <data>/logs/<shell>.log with secrets, tokens and card numbers redacted wherever they appear', async () => {
    const app = tempApp();
    try {
      setLogger(app.dataDir, 'web');
      // The secrets reach the process the way they do in the console: set on profiles, read for calls.
      const { fp, fb } = await seedProfiles(app);
      await updateProfileSecrets(app, fp, { hashKey: FP_KEY, hashIv: FP_IV });
      await updateProfileSecrets(app, fb, { hashKey: FB_KEY });
      const token = 'tKn_9f8e7d6c5b4a3928171605f4e3d2c1b0a';
      rememberSecret(token);
      log().info({ profile: { name: 'fp-shop', hashKey: FP_KEY, hashIv: FP_IV }, headers: { cookie: `recon_token=${token}` } }, 'fields named like secrets');
      log().warn(`a gateway answer echoed HashKey=${FB_KEY}&PayInfo={"CardId":"${SEED_CARD}"}, card ${PAN} and card 4311 9522 2222 2222`);
      log().warn(`the key as hex ${Buffer.from(FP_KEY).toString('hex')} and base64 ${Buffer.from(FP_IV).toString('base64')}`);
      log().info({ url: `http://127.0.0.1:5173/?token=${token}` }, 'a URL with the launch token');
      const id = logUnexpected(new Error(`decrypt failed with ${FP_KEY} / ${FP_IV} for ${PAN}`));

      const text = readLogs(app.dataDir);
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(lines.every((l) => typeof l.time === 'string' && l.shell === 'web' && typeof l.level === 'number')).toBe(true);
      expect(leaks(text)).toEqual([]);
      expect(text).not.toContain(token);
      expect(text).toContain('431195******2222');
      expect(text).toContain('411111******1111');
      // What is left still says what happened.
      const failure = lines.find((l) => l.errorId === id)!;
      expect(failure.msg).toBe('unexpected error');
      expect(JSON.stringify(failure.err)).toContain('decrypt failed with [redacted]');
      expect(JSON.stringify(failure.err)).toContain('stack');
    } finally {
      app.cleanup();
    }
  });

  it('is capped in size and rotated: at most `keep` files, none much over the cap', () => {
    const dir = tempDir();
    const file = new RotatingFile(path.join(dir, 'logs', 'web.log'), 10_000, 3);
    const line = `${JSON.stringify({ msg: 'x'.repeat(180) })}\n`;
    for (let i = 0; i < 1000; i++) file.write(line);
    file.close();
    const files = readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['web.1.log', 'web.2.log', 'web.log']);
    for (const f of files) expect(statSync(path.join(dir, 'logs', f)).size).toBeLessThanOrEqual(10_000);
    // The newest lines survive in the current file.
    expect(readFileSync(path.join(dir, 'logs', 'web.log'), 'utf8').endsWith(line)).toBe(true);
  });

  it('an unexpected error crosses the bridge with an id, and the log has that id with the details', () => {
    const dataDir = tempDir();
    setLogger(dataDir, 'electron');
    const e = toBridgeError(new TypeError('Cannot read properties of undefined (reading "rows")'), { channel: 'orders:list' });
    expect(e.code).toBe('internal');
    expect(e.errorId).toMatch(/^[0-9A-F]{8}$/);
    expect(e.message).toContain(`error id ${e.errorId}`);
    expect(e.message).toContain(path.join(dataDir, 'logs'));
    const entry = readLogs(dataDir).trimEnd().split('\n').map((l) => JSON.parse(l) as { errorId?: string; channel?: string; err?: { message: string } }).find((l) => l.errorId === e.errorId);
    expect(entry?.channel).toBe('orders:list');
    expect(entry?.err?.message).toContain('reading "rows"');
  });

  it('the web shell answers an unexpected failure with the id, and logs it', async () => {
    const app = tempApp();
    setLogger(app.dataDir, 'web');
    const shell = await startWebShell({ app, rendererDir: tempDir() });
    try {
      // A connection that went away under a handler: not a ReconError.
      app.db.close();
      const res = await fetch(`http://127.0.0.1:${shell.port}/api/call/orders:list`, {
        method: 'POST',
        headers: { 'x-recon-token': shell.token, 'content-type': 'application/json' },
        body: JSON.stringify({ from: '2026-10-01', to: '2026-10-31' }),
      });
      expect(res.status).toBe(500);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string; errorId: string } };
      expect(body.error.code).toBe('internal');
      expect(body.error.message).toContain(`error id ${body.error.errorId}`);
      expect(readLogs(app.dataDir)).toContain(`"errorId":"${body.error.errorId}"`);
    } finally {
      await shell.close();
      rmSync(app.dataDir, { recursive: true, force: true });
    }
  });
});

/** Entries of a zip, inflated. */
function unzip(buf: Buffer): Map<string, string> {
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const out = new Map<string, string>();
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = buf.readUInt16LE(eocd + 10); i > 0; i--) {
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(buf.toString('utf8', p + 46, p + 46 + nameLen), inflateRawSync(buf.subarray(start, start + size)).toString('utf8'));
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

describe('the diagnostics bundle', () => {
  it('holds the logs, versions and the schema version; never a secret, not even one an older log line carried', async () => {
    const app = tempApp();
    try {
      setLogger(app.dataDir, 'cli');
      log().info('a line for support');
      // A log written by an older version without redaction: the bundle redacts on the way out too.
      writeFileSync(path.join(app.dataDir, 'logs', 'old.log'), `{"msg":"card ${PAN} hashKey=${FB_KEY}"}\n`);
      const { fp } = await seedProfiles(app);
      await updateProfileSecrets(app, fp, { hashKey: FP_KEY, hashIv: FP_IV });
      const out = path.join(tempDir(), 'diag.zip');
      writeDiagnostics(app, out);
      expect(existsSync(out)).toBe(true);
      const entries = unzip(readFileSync(out));
      expect([...entries.keys()].sort()).toEqual(['logs/cli.log', 'logs/old.log', 'summary.json']);
      const summary = JSON.parse(entries.get('summary.json')!) as { app: { version: string }; runtime: { node: string }; database: { schemaVersion: number; knownSchemaVersion: number }; profiles: unknown[] };
      const known = app.engine === 'postgres' ? pgSchemaVersion() : schemaVersion();
      expect(summary.database).toMatchObject({ schemaVersion: known, knownSchemaVersion: known });
      expect(summary.runtime.node).toBe(process.versions.node);
      expect(summary.app.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(summary.profiles).toHaveLength(2);
      expect(entries.get('logs/cli.log')).toContain('a line for support');
      expect(leaks([...entries.values()].join('\n'))).toEqual([]);
      expect(JSON.stringify(summary)).not.toContain('M1');
    } finally {
      app.cleanup();
    }
  });
});
