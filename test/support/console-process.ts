// Starts the console the way a user does (`npm start` without Electron -> the web shell), as a real
// child process with its own data folder, and returns the URL it printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintLaunchCode } from '../../src-main/shell/web/security.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ConsoleProcess {
  /** A fresh one-time launch URL at each read (a browser context spends one to get its session cookie). */
  readonly url: string;
  /** The launch URL the console printed (single use). */
  printedUrl: string;
  origin: string;
  /** For the x-recon-token header, read from web-shell.json as a user's tool would. */
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
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=[\w.-]+)/.exec(out);
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
  const effectiveDataDir = options.env?.RECON_DATA_DIR ?? dataDir;
  const { token } = JSON.parse(readFileSync(path.join(effectiveDataDir, 'web-shell.json'), 'utf8')) as { token: string };
  return {
    get url() {
      return `${u.origin}/?code=${mintLaunchCode(token)}`;
    },
    printedUrl: url,
    origin: u.origin,
    token,
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
