import { spawn } from 'node:child_process';
import { repoRoot } from './console-process.ts';
import { pgUrlForDataDir, testEngine } from './pg.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Under RECON_TEST_ENGINE=postgres a data folder stands for a team database: each folder a test uses
 * gets its own fresh database, the same one for every command on that folder.
 */
function engineEnv(env: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  const dir = env?.RECON_DATA_DIR;
  if (testEngine() !== 'postgres' || !dir || env && 'RECON_DATABASE_URL' in env) return {};
  return { RECON_DATABASE_URL: pgUrlForDataDir(dir) };
}

/** Runs the real `recon` binary (bin/recon.mjs) as a user would. */
export function runRecon(args: string[], options: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/recon.mjs', ...args], {
      cwd: repoRoot,
      // English unless a test asks for a locale: the machine's own LANG must not change what tests read.
      env: { ...process.env, LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined, ...options.env, ...engineEnv(options.env) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
