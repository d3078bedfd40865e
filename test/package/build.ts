// Builds the unpacked Linux package once per set of inputs and extracts its app.asar. Builds are
// cached in the temp folder under a hash of everything that goes into them (the electron-builder
// configuration, package.json, package-lock.json, dist/), so one test run builds each
// configuration once and a re-run with nothing changed builds nothing. The extracted copy lives
// outside the repository on purpose: a require that the package cannot satisfy must not find the
// developer's node_modules by walking up the folders.
import asar from '@electron/asar';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { makeStandInElectronDist, packageDir, readBuilderConfig, root } from '../../scripts/package-dir.mjs';

export interface BuiltPackage {
  /** linux-unpacked: the executable and resources/. */
  appDir: string;
  archive: string;
  /** app.asar extracted (with app.asar.unpacked merged in), as the main process sees its files. */
  extractedDir: string;
  key: string;
}

type BuilderConfig = Record<string, unknown>;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out.sort();
}

const cachePrefix = `recon-package-${createHash('sha256').update(root).digest('hex').slice(0, 8)}-`;

export function packageKey(config: BuilderConfig): string {
  const h = createHash('sha256');
  h.update(stringify(config));
  for (const f of ['package.json', 'package-lock.json', 'scripts/package-dir.mjs']) h.update(f).update(readFileSync(path.join(root, f)));
  for (const f of filesUnder(path.join(root, 'dist'))) h.update(path.relative(root, f)).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

export function configWith(edit?: (cfg: BuilderConfig) => void): BuilderConfig {
  const cfg = readBuilderConfig() as BuilderConfig;
  edit?.(cfg);
  return cfg;
}

/** Builds (or reuses) the package for this configuration, with a stand-in Electron and no fuses. */
export function buildPackage(config: BuilderConfig = configWith()): BuiltPackage {
  if (!existsSync(path.join(root, 'dist', 'electron', 'main.cjs'))) throw new Error('dist/ is not built: run `npm run build` first');
  const key = packageKey(config);
  const dir = path.join(os.tmpdir(), cachePrefix + key);
  const appDir = path.join(dir, 'linux-unpacked');
  const archive = path.join(appDir, 'resources', 'app.asar');
  const extractedDir = path.join(dir, 'extracted', 'app');
  if (!existsSync(path.join(dir, 'complete'))) {
    const work = `${dir}.partial-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    const electronDist = makeStandInElectronDist(path.join(work, 'electron-dist'));
    const started = Date.now();
    const built = packageDir({ outDir: path.join(work, 'out'), electronDist, fuses: 'none', config, quiet: true });
    renameSync(built, path.join(work, 'linux-unpacked'));
    rmSync(path.join(work, 'out'), { recursive: true, force: true });
    rmSync(electronDist, { recursive: true, force: true });
    asar.extractAll(path.join(work, 'linux-unpacked', 'resources', 'app.asar'), path.join(work, 'extracted', 'app'));
    // Written last: a build that died half-way is never mistaken for a finished one.
    writeFileSync(path.join(work, 'complete'), new Date().toISOString());
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
    console.log(`package ${key}: built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } else {
    console.log(`package ${key}: reusing the build in ${dir}`);
  }
  return { appDir, archive, extractedDir, key };
}

/** Removes this checkout's cached builds other than the ones in use. */
export function pruneCache(keep: string[]): void {
  for (const name of readdirSync(os.tmpdir())) {
    if (!name.startsWith(cachePrefix) || keep.some((k) => name === cachePrefix + k)) continue;
    const full = path.join(os.tmpdir(), name);
    // Leave a build another run of this checkout may be writing right now.
    if (name.includes('.partial-') && Date.now() - statSync(full).mtimeMs < 15 * 60_000) continue;
    rmSync(full, { recursive: true, force: true });
  }
}
