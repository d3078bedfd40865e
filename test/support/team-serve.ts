// A real `recon serve` process (built dist), resolved once it prints its one JSON line (url and
// certificate fingerprint); rejected with its stderr if it exits or stays silent for a minute.
import { type ChildProcess, spawn } from 'node:child_process';
import { repoRoot } from './console-process.ts';

export interface ServedProcess {
  child: ChildProcess;
  url: string;
  fingerprint256: string;
  exited: Promise<number | null>;
}

export function startServe(env: NodeJS.ProcessEnv): Promise<ServedProcess> {
  const child = spawn(process.execPath, ['bin/recon.mjs', 'serve', '--port', '0'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const printed = JSON.parse(line) as { url: string; fingerprint256: string };
        resolve({ child, url: printed.url, fingerprint256: printed.fingerprint256, exited });
      }
    });
    void exited.then((code) => reject(new Error(`recon serve exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`recon serve printed nothing in 60 s: ${err}`)), 60_000);
  });
}
