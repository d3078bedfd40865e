// Issue 18 item 3: the exports folder against a hostile neighbour and against itself.
// - /exports/ never follows a symlink (a link to /etc/passwd named like an export was served);
// - two exports of the same name both survive (the second used to overwrite the first);
// - a killed export's temp file is removed at the next start and after a failed export, whatever
//   its name (app export names never repeat, so "the next export of the same file" never came);
// - an export never writes through a symlink planted at its target.
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { exportWorkbook, exportsDir } from '../../src-main/core/services/export.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { type WebShell, startWebShell } from '../../src-main/shell/web/server.ts';
import { tempApp } from '../support/app.ts';

function get(port: number, urlPath: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers: { 'x-recon-token': token } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('latin1')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function waitJobs(app: ReturnType<typeof tempApp>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const jobs = (await dispatch(app, 'jobs:list', {})) as Array<{ state: string }>;
    if (jobs.every((j) => j.state !== 'running')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('exports did not finish');
}

let app: ReturnType<typeof tempApp>;
let shell: WebShell;
const outside = mkdtempSync(path.join(os.tmpdir(), 'recon-outside-'));
beforeAll(async () => {
  app = tempApp();
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'recon-renderer-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  shell = await startWebShell({ app, rendererDir });
});
afterAll(async () => {
  await shell.close();
  app.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

describe('exports against a hostile neighbour', () => {
  test('/exports/ refuses a symlink named like an export, and still serves real exports', async () => {
    const secret = path.join(outside, 'secret.txt');
    writeFileSync(secret, 'root:x:0:0:SECRET');
    mkdirSync(exportsDir(app), { recursive: true });
    symlinkSync(secret, path.join(exportsDir(app), 'passwd.xlsx'));
    const r = await get(shell.port, '/exports/passwd.xlsx', shell.token);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');

    const started = (await dispatch(app, 'export:start', { kind: 'orders', filter: { from: '2024-01-01', to: '2024-01-02' }, fileName: 'real.xlsx' })) as { fileName: string };
    await waitJobs(app);
    const ok = await get(shell.port, `/exports/${encodeURIComponent(started.fileName)}`, shell.token);
    expect(ok.status).toBe(200);
    expect(ok.body.startsWith('PK')).toBe(true);
  });

  test('two exports started with the same name both survive, under different names', async () => {
    const request = { kind: 'orders', filter: { from: '2024-01-01', to: '2024-01-31' }, fileName: 'month.xlsx' };
    const [a, b] = (await Promise.all([dispatch(app, 'export:start', request), dispatch(app, 'export:start', request)])) as Array<{ fileName: string; path: string }>;
    await waitJobs(app);
    expect(a!.fileName).not.toBe(b!.fileName);
    expect(existsSync(a!.path) && existsSync(b!.path)).toBe(true);
    const jobs = (await dispatch(app, 'jobs:list', {})) as Array<{ state: string; errors: string[] }>;
    expect(jobs.filter((j) => j.state === 'failed')).toEqual([]);
  });

  test('an export never writes through a symlink planted at its target', async () => {
    const victim = path.join(outside, 'victim.txt');
    writeFileSync(victim, 'precious');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-out-'));
    try {
      const target = path.join(dir, 'report.xlsx');
      symlinkSync(victim, target);
      await expect(exportWorkbook(app, { filter: { from: '2024-01-01', to: '2024-01-01' }, out: target })).rejects.toThrow(/symbolic link/);
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(readdirSync(dir)).toEqual(['report.xlsx']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stale temp files of killed exports', () => {
  const plant = (dir: string, name: string, ageMs: number): string => {
    const file = path.join(dir, name);
    writeFileSync(file, Buffer.alloc(1024));
    const t = (Date.now() - ageMs) / 1000;
    utimesSync(file, t, t);
    return file;
  };

  test('are removed when the console starts, whatever their name; a live one is kept', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-stale-'));
    try {
      const dir = path.join(dataDir, 'exports');
      mkdirSync(dir, { recursive: true });
      const stale = plant(dir, '.recon-orders-2024-01-01_2024-01-31-20260101-101010.0badc0de.tmp', 60 * 60 * 1000);
      const live = plant(dir, '.recon-orders-2024-02-01_2024-02-28-20260101-101011.12345678.tmp', 1000);
      const keep = plant(dir, 'notes.tmp', 60 * 60 * 1000);
      const started = createApp({ dataDir, shell: 'web', credentials: new MemoryCredentialStore() });
      started.close();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(existsSync(keep)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('are removed after a failed export too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-failed-'));
    try {
      const stale = plant(dir, '.other-export.a1b2c3d4.tmp', 60 * 60 * 1000);
      const controller = new AbortController();
      controller.abort(new Error('cancelled'));
      await expect(
        exportWorkbook(app, { filter: { from: '2024-01-01', to: '2024-01-01' }, out: path.join(dir, 'x.xlsx') }, { jobId: 't', signal: controller.signal, progress: () => {} }),
      ).rejects.toThrow();
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(stale)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
