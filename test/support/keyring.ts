// A throwaway Secret Service for tests: a private D-Bus session bus with its own unlocked
// gnome-keyring, in a temporary HOME, so tests never touch the user's real keychain.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PrivateKeyring {
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function keyringAvailable(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'not Linux' };
  for (const bin of ['dbus-daemon', 'gnome-keyring-daemon']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) return { ok: false, why: `${bin} is not installed (apt-get install dbus gnome-keyring)` };
  }
  return { ok: true };
}

function waitForLine(child: ChildProcess, match: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${match}; got ${JSON.stringify(buf)}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = match.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${match}; output ${JSON.stringify(buf)}`));
    });
  });
}

async function busHasName(env: Record<string, string>, name: string): Promise<boolean> {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  return r.status === 0 && r.stdout.includes('boolean true');
}

/** Starts a private bus; with `withKeyring` false, the bus has no Secret Service (to test the error). */
export async function startPrivateKeyring(options: { withKeyring?: boolean } = {}): Promise<PrivateKeyring> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-keyring-'));
  // Our own bus config has no service directories, so nothing is D-Bus-activated behind our back:
  // the Secret Service exists exactly when we start it.
  const config = path.join(dir, 'bus.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${path.join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`,
  );
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const address = (await waitForLine(bus, /unix:[^\s]+/, 10_000)).trim();
  const env: Record<string, string> = {
    DBUS_SESSION_BUS_ADDRESS: address,
    HOME: dir,
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_RUNTIME_DIR: dir,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
  };
  let keyring: ChildProcess | undefined;
  if (options.withKeyring !== false) {
    keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    keyring.stdin?.end('pw');
    const deadline = Date.now() + 10_000;
    while (!(await busHasName(env, 'org.freedesktop.secrets'))) {
      if (Date.now() > deadline) throw new Error('gnome-keyring-daemon did not claim org.freedesktop.secrets');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    env,
    async stop() {
      keyring?.kill();
      bus.kill();
      await new Promise((r) => setTimeout(r, 20));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
