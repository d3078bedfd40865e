// Builds the unpacked desktop package (`electron-builder --dir`) from electron-builder.yml with two
// things a test or a release check may change: the Electron distribution (a real one, or a stand-in
// where none can be downloaded) and the fuse set.
//
//   node scripts/package-dir.mjs --fuses=test [--electron-dist=DIR] [--out=DIR]
//
// Fuse sets: `release` (as electron-builder.yml), `test` (release, but inspect arguments on, so
// Playwright can drive the packaged app), `none` (fuses left out: flipping them needs the real binary).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The release configuration as electron-builder reads it. */
export function readBuilderConfig(file = path.join(root, 'electron-builder.yml')) {
  return parse(readFileSync(file, 'utf8'));
}

/** A folder electron-builder accepts as an Electron distribution; its `electron` only prints a line. */
export function makeStandInElectronDist(dir) {
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, 'electron');
  writeFileSync(exe, '#!/bin/sh\necho "stand-in Electron: the real binary was not available when this package was built" >&2\nexit 1\n');
  chmodSync(exe, 0o755);
  writeFileSync(path.join(dir, 'version'), '0.0.0-stand-in\n');
  return dir;
}

/**
 * Runs electron-builder --dir for this platform. `config` defaults to electron-builder.yml; `edit`
 * may change a copy of it (tests break it on purpose). Returns the unpacked app folder.
 */
export function packageDir({ outDir, electronDist, fuses = 'release', config = readBuilderConfig(), edit, quiet = false, offline = true }) {
  const cfg = structuredClone(config);
  if (fuses === 'none') delete cfg.electronFuses;
  else if (fuses === 'test') cfg.electronFuses = { ...cfg.electronFuses, enableNodeCliInspectArguments: true };
  else if (fuses !== 'release') throw new Error(`unknown fuse set ${fuses} (release, test, none)`);
  if (electronDist) cfg.electronDist = electronDist;
  cfg.directories = { ...cfg.directories, output: outDir };
  edit?.(cfg);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'recon-builder-config-'));
  const configFile = path.join(tmp, 'electron-builder.yml');
  writeFileSync(configFile, stringify(cfg));
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
  const platformFlag = { linux: '--linux', darwin: '--mac', win32: '--win' }[process.platform];
  const args = ['--config', configFile, '--projectDir', root, '--dir', platformFlag];
  // With a given Electron nothing needs downloading, and nothing may be: on Linux the build runs in a
  // network namespace with no network at all; elsewhere a proxy refuses every connection.
  const isolate = electronDist && offline && process.platform === 'linux' && spawnSync('unshare', ['-rn', 'true']).status === 0;
  const r = spawnSync(isolate ? 'unshare' : bin, isolate ? ['-rn', bin, ...args] : args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...(electronDist && offline ? offlineEnv() : {}) },
    stdio: quiet ? 'pipe' : 'inherit',
    shell: process.platform === 'win32',
  });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) {
    const out = quiet ? `\n${r.stdout}\n${r.stderr}`.slice(-4000) : '';
    throw new Error(`electron-builder --dir failed (exit ${r.status ?? r.signal})${out}`);
  }
  const unpacked = { linux: 'linux-unpacked', darwin: 'mac', win32: 'win-unpacked' }[process.platform];
  return path.join(outDir, unpacked);
}

function offlineEnv() {
  const refused = 'http://127.0.0.1:9';
  return { HTTPS_PROXY: refused, HTTP_PROXY: refused, https_proxy: refused, http_proxy: refused, ELECTRON_BUILDER_OFFLINE: 'true' };
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const { values } = parseArgs({
    options: { fuses: { type: 'string', default: 'test' }, 'electron-dist': { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const outDir = path.resolve(values.out ?? path.join(root, 'release', `${values.fuses}-fuses`));
  const dir = packageDir({ outDir, electronDist: values['electron-dist'] && path.resolve(values['electron-dist']), fuses: values.fuses });
  console.log(`unpacked package (${values.fuses} fuses): ${dir}`);
}
