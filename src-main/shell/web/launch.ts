// How the web shell hands its credentials to the user's own programs and browser without exposing
// them to other local users: everything goes through files only this OS user can read (mode 0600),
// never through a command line (`ps`, /proc/PID/cmdline are world-readable) or a long-lived URL.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WebShell } from './server.ts';

export const RUNTIME_FILE = 'web-shell.json';

/** Created fresh (never through a link another user planted), readable by this user only. */
export function writePrivateFile(file: string, content: string): void {
  rmSync(file, { force: true });
  writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
}

/** Like Jupyter's runtime file: the port and token for this user's tools (x-recon-token header). */
export function writeRuntimeFile(dataDir: string, shell: Pick<WebShell, 'origin' | 'port' | 'token'>): string {
  const file = path.join(dataDir, RUNTIME_FILE);
  writePrivateFile(file, `${JSON.stringify({ origin: shell.origin, port: shell.port, token: shell.token, pid: process.pid })}\n`);
  return file;
}

/**
 * A page that forwards the browser to a fresh launch URL. Chromium is started on this file's path,
 * so its command line names a file other users cannot read instead of a code they could race to use.
 */
export function writeLaunchPage(dataDir: string, launchUrl: string): string {
  const file = path.join(dataDir, 'open-console.html');
  const escaped = launchUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writePrivateFile(
    file,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${escaped}"><title>Reconciliation console</title>\n`,
  );
  return file;
}

export function browserArgs(launchPage: string, profileDir: string): string[] {
  return [`--app=file://${launchPage}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--disable-background-networking'];
}
