// Starts the console the way a user does (`npm start` without Electron -> the web shell), as a real
// child process with its own data folder, and returns the URL it printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ConsoleProcess {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output(): string;
  /** Stops the process and deletes its data folder, unless `keepData` (a later stop() deletes it). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startConsole(options: { args?: string[]; env?: Record<string, string> } = {}): Promise<ConsoleProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs', '--web', '--no-open', ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, RECON_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the console did not print its URL in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the console exited (${code}) before printing its URL:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    dataDir,
    output: () => out,
    async stop(options: { keepData?: boolean } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
