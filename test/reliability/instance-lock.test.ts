// One console per data folder: a second web shell on the same folder, and a writing `recon` command
// while a console runs, are refused with the process that holds the folder; reading commands still
// work; a lock left by a process that died is taken over.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireInstanceLock, acquireSharedLock, InstanceLockedError, LOCK_FILE, SHARED_LOCK_DIR } from '../../src-main/core/ops/instance-lock.ts';
import { runRecon } from '../support/cli.ts';
import { type ConsoleProcess, startConsole } from '../support/console-process.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'recon-lock-'));
  dirs.push(d);
  return d;
}

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('one console per data folder', () => {
  it('a second web shell on the same folder is refused, naming the one that holds it; a writing recon command too', async () => {
    const dataDir = tempDir();
    const env = { RECON_DATA_DIR: dataDir };
    let first: ConsoleProcess | undefined;
    try {
      first = await startConsole({ args: ['--no-demo'], env });
      const second = await startConsole({ args: ['--no-demo'], env }).then(
        async (c) => {
          await c.stop({ keepData: true });
          return 'started';
        },
        (err: Error) => err.message,
      );
      expect(second).toMatch(/exited \(1\) before printing its URL/);
      expect(second).toMatch(new RegExp(`the data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another console \\(web shell, pid \\d+`));

      const sync = await runRecon(['sync', '--profile', 'nope', '--from', '2026-11-01', '--to', '2026-11-02'], { env });
      expect(sync.code).toBe(1);
      expect(sync.stderr).toMatch(/in use by another console \(web shell, pid \d+/);
      // Reading is fine while the console runs.
      const list = await runRecon(['profile', 'list'], { env });
      expect(list.code, list.stderr).toBe(0);
    } finally {
      await first?.stop({ keepData: true });
    }
    // Once the first has stopped, the folder is free again.
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('a lock left by a process that died is stale and taken over', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: deadPid(), shell: 'web shell', host: os.hostname(), startedAt: '2026-11-30T00:00:00Z' }));
    const r = await runRecon(['restore', '--fresh'], { env: { RECON_DATA_DIR: dataDir } });
    expect(r.code, r.stderr).toBe(0);
    const lock = acquireInstanceLock(dataDir, 'test');
    lock.release();
  });

  it('a live holder is named; the lock is released for the next one', () => {
    const dataDir = tempDir();
    // This test's own parent process is alive and is not this process.
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.ppid, shell: 'desktop app', host: os.hostname(), startedAt: '2026-12-01T09:00:00Z' }));
    expect(() => acquireInstanceLock(dataDir, 'recon sync')).toThrow(InstanceLockedError);
    expect(() => acquireInstanceLock(dataDir, 'recon sync')).toThrow(`in use by another console (desktop app, pid ${process.ppid}, since 2026-12-01T09:00:00Z)`);
    rmSync(path.join(dataDir, LOCK_FILE));
    const mine = acquireInstanceLock(dataDir, 'recon sync');
    mine.release();
    expect(existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('CLI writing commands may run side by side, but a console does not start under one (and they not under a console)', async () => {
    const dataDir = tempDir();
    // A scheduled `recon sync` in another, live process (this test's parent stands in for it).
    mkdirSync(path.join(dataDir, SHARED_LOCK_DIR));
    writeFileSync(path.join(dataDir, SHARED_LOCK_DIR, `${process.ppid}.json`), JSON.stringify({ pid: process.ppid, shell: 'recon sync', host: os.hostname(), startedAt: '2026-12-01T02:00:00Z' }));
    const mine = acquireSharedLock(dataDir, 'recon export');
    mine.release();
    const refused = await startConsole({ args: ['--no-demo'], env: { RECON_DATA_DIR: dataDir } }).then(
      async (c) => {
        await c.stop({ keepData: true });
        return 'started';
      },
      (err: Error) => err.message,
    );
    expect(refused).toMatch(new RegExp(`in use by another console \\(recon sync, pid ${process.ppid}`));
    // Once the job is gone, the console takes the folder, and CLI writers are refused.
    rmSync(path.join(dataDir, SHARED_LOCK_DIR), { recursive: true });
    const consoleLock = acquireInstanceLock(dataDir, 'web shell');
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.ppid, shell: 'web shell', host: os.hostname(), startedAt: '2026-12-01T02:00:00Z' }));
    expect(() => acquireSharedLock(dataDir, 'recon sync')).toThrow(/in use by another console \(web shell/);
    consoleLock.release();
  }, 60_000);
});
