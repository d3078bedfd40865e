// The audit log's anchor outside the database: a per-install HMAC key and the newest entry's
// (seq, MAC), both kept in the OS keychain through the CredentialStore. Someone who can write the
// SQLite file but not the keychain can then neither forge an entry, nor recompute the chain, nor cut
// off the newest entries without `recon audit verify` naming it. See README "Audit log: threat model".
//  - The key is created on first start (32 random bytes). Entries written before it are sealed by an
//    `audit.anchored` entry whose MAC covers their chain.
//  - A database that already holds sealed entries but whose key is not in this keychain never gets a
//    new key: that would quietly bless whatever the file now says.
//  - The head follows each append in the background, and only forwards: never onto an entry that
//    does not carry a valid MAC, nor past a head whose entry no longer matches (that is the evidence).
import { createHash, randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import type { App } from './app.ts';
import { InputError, KeychainError } from './errors.ts';
import { msg } from '../contract/messages/render.ts';
import { type AuditHead, auditLog, macOf, setAuditSealer } from './store/audit.ts';
import { installNamespace } from './store/install.ts';

/** demo: sandbox data, nothing to protect, and a demo start must never wait on a keychain prompt. */
export type AnchorState = 'anchored' | 'key_missing' | 'unavailable' | 'demo';

interface Anchor {
  state: AnchorState;
  key: Buffer | null;
  chain: Promise<void>;
  scheduled: boolean;
  lastError: string | null;
}

const anchors = new WeakMap<App, Anchor>();

/**
 * Keychain accounts of this data folder (one audit key per install). A team database is one install
 * whatever folder opens it, so its accounts follow the database's install id: every console on a
 * keychain that holds the team's key seals and verifies with the same key.
 */
export function auditAccounts(app: App): { key: string; head: string } {
  if (app.engine === 'postgres') {
    const tag = createHash('sha256').update(`team:${installNamespace(app.db, app.dataDir)}`, 'utf8').digest('hex').slice(0, 16);
    return { key: `audit-key:${tag}`, head: `audit-head:${tag}` };
  }
  let dir = app.dataDir;
  try {
    dir = realpathSync(dir);
  } catch {
    // a folder that cannot be resolved keeps its given name
  }
  const tag = createHash('sha256').update(dir, 'utf8').digest('hex').slice(0, 16);
  return { key: `audit-key:${tag}`, head: `audit-head:${tag}` };
}

function parseHead(text: string | null): (AuditHead & { atMs: number }) | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as { seq?: unknown; mac?: unknown; atMs?: unknown };
    if (Number.isSafeInteger(v.seq) && typeof v.mac === 'string' && /^[0-9a-f]{64}$/.test(v.mac)) {
      return { seq: v.seq as number, mac: v.mac, atMs: typeof v.atMs === 'number' ? v.atMs : 0 };
    }
  } catch {
    // an unreadable head is treated as none; verify still checks every MAC
  }
  return null;
}

/** The audit key as the keychain holds it now (null when there is none or no keychain). */
export async function readAuditKey(app: App): Promise<Buffer | null> {
  try {
    const text = await app.credentials.get(auditAccounts(app).key);
    return text ? Buffer.from(text, 'base64') : null;
  } catch (err) {
    if (err instanceof KeychainError) return null;
    throw err;
  }
}

/** The head as the keychain holds it now. */
export async function readAuditHead(app: App): Promise<(AuditHead & { atMs: number }) | null> {
  try {
    return parseHead(await app.credentials.get(auditAccounts(app).head));
  } catch (err) {
    if (err instanceof KeychainError) return null;
    throw err;
  }
}

async function advanceHead(app: App, anchor: Anchor): Promise<void> {
  if (!anchor.key) return;
  const log = auditLog(app.db);
  const last = log.last();
  if (!last?.mac || macOf(anchor.key, last.hash) !== last.mac) return;
  const stored = await readAuditHead(app);
  if (stored && stored.seq >= last.seq) return;
  if (stored && log.macAt(stored.seq) !== stored.mac) return;
  await app.credentials.set(auditAccounts(app).head, JSON.stringify({ seq: last.seq, mac: last.mac, atMs: Date.now() }));
}

function scheduleAdvance(app: App, anchor: Anchor): void {
  if (anchor.scheduled) return;
  anchor.scheduled = true;
  anchor.chain = anchor.chain.then(async () => {
    anchor.scheduled = false;
    try {
      await advanceHead(app, anchor);
      anchor.lastError = null;
    } catch (err) {
      // A closed database (the app is shutting down) or a locked keychain: the next append retries.
      anchor.lastError = err instanceof Error ? err.message : String(err);
    }
  });
}

/**
 * Loads (or, on a fresh install, creates) the audit key and starts sealing this connection's appends.
 * Shells call it once after createApp. Without a keychain the log stays hash-chained only.
 */
export async function anchorAudit(app: App): Promise<AnchorState> {
  const existing = anchors.get(app);
  if (existing) return existing.state;
  const accounts = auditAccounts(app);
  const log = auditLog(app.db);
  let key: Buffer | null = null;
  let state: AnchorState;
  let created = false;
  try {
    // A demo start skips the keychain, unless this log is already sealed (a real install run with --demo).
    if (app.demo && log.firstMacSeq() === null) throw new DemoMode();
    const text = await app.credentials.get(accounts.key);
    if (text) {
      key = Buffer.from(text, 'base64');
      state = 'anchored';
    } else if (log.firstMacSeq() !== null) {
      state = 'key_missing';
    } else {
      const fresh = randomBytes(32).toString('base64');
      await app.credentials.set(accounts.key, fresh);
      // Two processes creating it at once: both use whichever write won.
      key = Buffer.from((await app.credentials.get(accounts.key)) ?? fresh, 'base64');
      state = 'anchored';
      created = true;
    }
  } catch (err) {
    if (err instanceof DemoMode) state = 'demo';
    else if (err instanceof KeychainError) state = 'unavailable';
    else throw err;
  }
  const anchor: Anchor = { state, key, chain: Promise.resolve(), scheduled: false, lastError: null };
  anchors.set(app, anchor);
  setAuditSealer(app.db, key, () => scheduleAdvance(app, anchor));
  const last = log.last();
  if (created && last && !last.mac) {
    log.append({
      atMs: Date.now(),
      operator: 'system',
      shell: app.shell,
      event: 'audit.anchored',
      outcome: 'info',
      profile: null,
      gateway: null,
      orderNo: null,
      actionId: null,
      amount: null,
      request: '',
      response: '',
      raw: '',
      note: `entries 1..${last.seq} were written before this install's audit key existed; this entry seals their chain (ending in ${last.hash}); every later entry carries a MAC`,
    });
  } else if (key) {
    scheduleAdvance(app, anchor);
  }
  return state;
}

class DemoMode extends Error {}

export function auditAnchorState(app: App): AnchorState | null {
  return anchors.get(app)?.state ?? null;
}

/** Waits until the keychain head has caught up with every append so far (CLI exit, backups). */
export async function flushAuditHead(app: App): Promise<void> {
  const anchor = anchors.get(app);
  if (!anchor) return;
  await new Promise<void>((r) => setImmediate(r));
  await anchor.chain;
}

/**
 * The audit head (newest sealed entry's seq and MAC) for a backup to carry, after catching up with
 * the appends so far; null when the log is not anchored. A restored copy can be checked against it.
 */
export async function currentAuditHead(app: App): Promise<(AuditHead & { atMs: number }) | null> {
  await flushAuditHead(app);
  return readAuditHead(app);
}

/**
 * This install's audit key as text, for a second team server's keychain (`recon team export-key`):
 * servers on one team database must seal with one key, and a keychain never leaves its machine.
 */
export async function exportAuditKey(app: App): Promise<string> {
  const key = await readAuditKey(app);
  if (!key) throw new InputError('this keychain holds no audit key for this database: run the export on the server that sealed its log', { msg: msg('team.key_none') });
  return key.toString('base64');
}

/**
 * Stores a team's audit key exported by another server (`recon team import-key`), only if it is the
 * key that sealed this log's newest entry: a key that cannot prove that would let whoever handed it
 * over bless a log of their own. A keychain already holding another key for the database keeps it.
 */
export async function importAuditKey(app: App, text: string): Promise<'stored' | 'already'> {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(trimmed) || key.length !== 32) throw new InputError('that is not an audit key (44 characters of base64, as `recon team export-key` prints it)', { msg: msg('team.key_malformed') });
  const last = auditLog(app.db).last();
  if (!last?.mac) throw new InputError('this database holds no sealed audit entry to check the key against: start the first server, then export its key', { msg: msg('team.key_unprovable') });
  if (macOf(key, last.hash) !== last.mac) throw new InputError(`that key did not seal this database's audit log (entry ${last.seq}): it belongs to another install`, { msg: msg('team.key_wrong', { seq: String(last.seq) }) });
  const existing = await readAuditKey(app);
  if (existing?.equals(key)) return 'already';
  if (existing) throw new InputError('this keychain already holds another audit key for this database; it is kept', { msg: msg('team.key_other') });
  await app.credentials.set(auditAccounts(app).key, trimmed);
  return 'stored';
}
