// On a Node older than `engines`, `npm install` in a fresh clone must stop at once, before any
// dependency is fetched or built, and say how to get Node 24. The check runs the system's old Node
// (Node 20 on this project's machines) against a copy of the project's package.json, lockfile and
// .npmrc in a temporary folder; --dry-run and --ignore-scripts make sure nothing is installed even if
// the check were to let it through.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The first node on PATH (or in /usr/bin) older than 22.12, with the npm next to it. */
function findOldNode(): { node: string; npmCli: string; version: string } | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    const node = path.join(dir, 'node');
    if (!existsSync(node)) continue;
    const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    const version = r.stdout?.trim() ?? '';
    const [major, minor] = version.split('.').map(Number);
    if (!(major! < 22 || (major === 22 && minor! < 12))) continue;
    for (const cli of [path.join(dir, '../lib/node_modules/npm/bin/npm-cli.js'), '/usr/lib/node_modules/npm/bin/npm-cli.js', '/usr/local/lib/node_modules/npm/bin/npm-cli.js']) {
      if (existsSync(cli)) return { node, npmCli: cli, version };
    }
  }
  return undefined;
}

const old = findOldNode();

describe.skipIf(!old)(`npm install on an old Node (${old?.version ?? 'none found'})`, () => {
  for (const command of [['install'], ['ci']]) {
    it(`npm ${command[0]} stops within seconds with the command to get Node 24, installing nothing`, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-oldnode-'));
      try {
        for (const f of ['package.json', 'package-lock.json', '.npmrc']) if (existsSync(path.join(root, f))) copyFileSync(path.join(root, f), path.join(dir, f));
        const started = Date.now();
        const r = spawnSync(old!.node, [old!.npmCli, ...command, '--ignore-scripts', '--dry-run', '--no-audit', '--no-fund', '--offline'], {
          cwd: dir,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, PATH: `${path.dirname(old!.node)}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_cache: path.join(dir, '.npm-cache') },
        });
        const seconds = (Date.now() - started) / 1000;
        const output = `${r.stdout}\n${r.stderr}`;
        expect(r.status, output).not.toBe(0);
        expect(output).toContain('EBADENGINE');
        expect(output).toContain('npm install --prefix ~/.cache/node24 node@24');
        // A generous bound: the failure to avoid took 42 s inside a native build.
        expect(seconds, output).toBeLessThan(20);
        expect(readdirSync(dir)).not.toContain('node_modules');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 90_000);
  }
});
