// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp folder, a free loopback
// port, its socket in the same folder, fsync off (nothing here must survive a power cut), stopped and
// deleted at the end. As root (CI), the cluster runs as the `postgres` user, since PostgreSQL refuses
// to run as root. Missing binaries are a reason to skip, given by pgBinaries().
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian keeps each major version's binaries in /usr/lib/postgresql/N/bin (newest first), off PATH. */
function searchPath(): string[] {
  let debian: string[] = [];
  try {
    debian = readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => `/usr/lib/postgresql/${v}/bin`);
  } catch {
    // not Debian, or no PostgreSQL installed
  }
  return [...debian, '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'];
}

/** The folder holding initdb and pg_ctl, or null with the reason in `pgMissingReason`. */
export function pgBinaries(): string | null {
  if (process.env.RECON_PG_BIN) return existsSync(path.join(process.env.RECON_PG_BIN, 'initdb')) ? process.env.RECON_PG_BIN : null;
  for (const dir of searchPath()) {
    if (existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

export const pgMissingReason = 'PostgreSQL binaries (initdb, pg_ctl) not found: install Debian `postgresql` or set RECON_PG_BIN';

export interface Cluster {
  /** postgres://…/postgres: the maintenance database. */
  url: string;
  urlFor(database: string): string;
  dir: string;
  /** Stops the server the way an administrator's restart does (fast: sessions are ended) and starts it again. */
  restart(): void;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function asOwner(): string[] {
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
}

function run(cmd: string[], what: string): void {
  const [file, ...args] = cmd;
  const r = spawnSync(file!, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
}

export async function startCluster(): Promise<Cluster> {
  const bin = pgBinaries();
  if (!bin) throw new Error(pgMissingReason);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-pg-'));
  const owner = asOwner();
  if (owner.length > 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  run([...owner, path.join(bin, 'initdb'), '-D', data, '-U', 'recon', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], 'initdb');
  const port = await freePort();
  writeFileSync(
    path.join(dir, 'extra.conf'),
    `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 60\nshared_buffers = 64MB\n`,
  );
  if (owner.length > 0) execFileSync('chown', ['postgres', path.join(dir, 'extra.conf')]);
  execFileSync('sh', ['-c', `echo "include '${path.join(dir, 'extra.conf')}'" >> ${path.join(data, 'postgresql.conf')}`]);
  run([...owner, path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], 'pg_ctl start');
  const urlFor = (database: string) => `postgres://recon@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url: urlFor('postgres'),
    urlFor,
    dir,
    restart() {
      run([...owner, path.join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop'], 'pg_ctl stop');
      run([...owner, path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], 'pg_ctl start');
    },
    stop() {
      if (stopped) return;
      stopped = true;
      const [file, ...args] = [...owner, path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      spawnSync(file!, args, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
