// One console per data folder: a lock file (recon.lock) holding the owner's pid, shell and start
// time. Two consoles on one folder would re-point each other's demo profiles and overwrite each
// other's exports. A lock whose process is gone (a crash, a kill -9) is stale and taken over.
// The CLI's writing commands take a shared lock instead (one file each in recon.lock.d/): scheduled
// jobs may run side by side (the database's own locks keep money actions exactly-once), but never
// beside a console, and a console does not start while one runs.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { msg } from '../../contract/messages/render.ts';
import { ReconError } from '../errors.ts';

export const LOCK_FILE = 'recon.lock';
export const SHARED_LOCK_DIR = 'recon.lock.d';

export interface LockOwner {
  pid: number;
  shell: string;
  host: string;
  startedAt: string;
}

/** Who holds the folder, in the catalogue (the start time as an instant when it can be read). */
function lockedBy(dataDir: string, owner: LockOwner) {
  const sinceMs = Date.parse(owner.startedAt);
  return msg('ops.locked', {
    dataDir,
    shell: owner.shell,
    pid: String(owner.pid),
    elsewhere: owner.host !== os.hostname() ? 'yes' : 'no',
    host: owner.host,
    ...(Number.isFinite(sinceMs) ? { sinceMs } : { since: owner.startedAt }),
  });
}

/** Another console holds the data folder; the message names it (and so does its catalogue message). */
export class InstanceLockedError extends ReconError {
  readonly owner: LockOwner;
  readonly dataDir: string;
  constructor(dataDir: string, owner: LockOwner) {
    super(
      'locked',
      `the data folder ${dataDir} is in use by another console (${owner.shell}, pid ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ''}, since ${owner.startedAt}); ` +
        'close it first, or use another folder with RECON_DATA_DIR',
      { msg: lockedBy(dataDir, owner) },
    );
    this.owner = owner;
    this.dataDir = dataDir;
  }
}

export interface InstanceLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' ? { pid: o.pid, shell: String(o.shell ?? '?'), host: String(o.host ?? '?'), startedAt: String(o.startedAt ?? '?') } : null;
  } catch {
    return null;
  }
}

function liveHolder(owner: LockOwner | null): boolean {
  return owner !== null && owner.pid !== process.pid && (owner.host !== os.hostname() || alive(owner.pid));
}

/** A live CLI command holding a shared lock on the folder (stale entries are removed on the way). */
function sharedHolder(dataDir: string): LockOwner | null {
  const dir = path.join(dataDir, SHARED_LOCK_DIR);
  if (!existsSync(dir)) return null;
  for (const name of readdirSync(dir)) {
    const f = path.join(dir, name);
    const owner = readOwner(f);
    if (liveHolder(owner)) return owner;
    if (!owner || owner.pid !== process.pid) rmSync(f, { force: true });
  }
  return null;
}

/**
 * The CLI's writing commands: refused while a console holds the folder; otherwise registered so that
 * a console does not start under them.
 */
export function acquireSharedLock(dataDir: string, shell: string): InstanceLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const owner = readOwner(path.join(dataDir, LOCK_FILE));
  if (liveHolder(owner)) throw new InstanceLockedError(dataDir, owner!);
  const dir = path.join(dataDir, SHARED_LOCK_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ pid: process.pid, shell, host: os.hostname(), startedAt: new Date().toISOString() } satisfies LockOwner), { mode: 0o600 });
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    rmSync(file, { force: true });
  };
  process.once('exit', release);
  return { file, release };
}

/** Takes the data folder's lock, or throws InstanceLockedError naming the process that holds it. */
export function acquireInstanceLock(dataDir: string, shell: string): InstanceLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, shell, host: os.hostname(), startedAt: new Date().toISOString() };
  const cli = sharedHolder(dataDir);
  if (cli) throw new InstanceLockedError(dataDir, cli);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      // 'wx': created only if absent, so two starts at the same moment cannot both win.
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(file);
      // Another host's lock (a folder on a network share) cannot be probed: it is respected.
      if (owner && owner.pid !== process.pid && (owner.host !== me.host || alive(owner.pid))) throw new InstanceLockedError(dataDir, owner);
      if (owner && owner.pid === process.pid && owner.host === me.host) {
        // This process already holds it (e.g. the CLI's probe before a writing command).
        return { file, release: () => undefined };
      }
      // Stale (the owner is gone) or unreadable (a crash mid-write): take it over.
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const owner = readOwner(file);
      if (owner?.pid === process.pid) rmSync(file, { force: true });
    };
    process.once('exit', release);
    return { file, release };
  }
  throw new InstanceLockedError(dataDir, readOwner(file) ?? { pid: 0, shell: '?', host: '?', startedAt: '?' });
}
