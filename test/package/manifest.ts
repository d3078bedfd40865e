// What the desktop package must hold, checked against an unpacked electron-builder output. Returns
// a list of problems (empty when the package is right) so tests can show that each broken
// configuration is caught for its own reason.
import asar from '@electron/asar';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** App payload (app.asar + app.asar.unpacked) allowed for the Linux package; today's is ~31 MB. */
export const SIZE_BUDGET_BYTES = 40 * 1024 * 1024;

/** The native modules, as loaded on this platform; each must sit in app.asar.unpacked, and nothing else may. */
export function expectedNatives(platform: string = process.platform, arch: string = process.arch): string[] {
  return [`node_modules/better-sqlite3/prebuilds/${platform}-${arch}.node`, 'node_modules/keytar/build/Release/keytar.node'];
}

export interface PackageListing {
  resourcesDir: string;
  archive: string;
  /** Every file (not folder) in the archive, relative, with '/' separators. */
  files: string[];
  unpackedFlags: Map<string, boolean>;
  /** Files present in app.asar.unpacked, relative. */
  unpackedOnDisk: string[];
  bytes: { asar: number; unpacked: number };
}

function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

export function listPackage(appDir: string): PackageListing {
  const resourcesDir = path.join(appDir, 'resources');
  const archive = path.join(resourcesDir, 'app.asar');
  const files: string[] = [];
  const unpackedFlags = new Map<string, boolean>();
  for (const entry of asar.listPackage(archive, { isPack: false })) {
    const rel = entry.replace(/^[\\/]/, '').split(path.sep).join('/');
    const stat = asar.statFile(archive, rel, false) as { files?: unknown; unpacked?: boolean; link?: string };
    if (stat.files || stat.link) continue;
    files.push(rel);
    unpackedFlags.set(rel, stat.unpacked === true);
  }
  const unpackedDir = `${archive}.unpacked`;
  const unpackedOnDisk = walk(unpackedDir);
  const unpackedBytes = unpackedOnDisk.reduce((n, f) => n + statSync(path.join(unpackedDir, f)).size, 0);
  return { resourcesDir, archive, files, unpackedFlags, unpackedOnDisk, bytes: { asar: statSync(archive).size, unpacked: unpackedBytes } };
}

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  link?: boolean;
}

/** name@version of every package in package-lock.json, split into production and dev-only. */
export function lockedPackages(projectDir: string): { prod: Set<string>; devOnly: Set<string> } {
  const lock = JSON.parse(readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  const prod = new Set<string>();
  const dev = new Set<string>();
  for (const [where, p] of Object.entries(lock.packages)) {
    if (!where || p.link) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const id = `${name}@${p.version}`;
    // An optional package for another OS or CPU is never installed, so it cannot be packaged.
    if (p.dev) dev.add(id);
    else if (!p.optional || existsSync(path.join(projectDir, where))) prod.add(id);
  }
  return { prod, devOnly: new Set([...dev].filter((id) => !prod.has(id))) };
}

/** name@version of every package.json directly under a node_modules folder of the archive. */
function packagedModules(listing: PackageListing): Set<string> {
  const ids = new Set<string>();
  for (const f of listing.files) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f);
    if (!m) continue;
    const pkg = JSON.parse(asar.extractFile(listing.archive, f).toString('utf8')) as { name?: string; version?: string };
    // Some packages carry nested package.json files ({"type":"module"}) without a name.
    if (pkg.name === m[1]) ids.add(`${pkg.name}@${pkg.version}`);
  }
  return ids;
}

/** The files index.html loads (scripts, styles, icons), as paths relative to the renderer folder. */
export function rendererReferences(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+)"/g)) {
    const ref = m[1]!;
    if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) continue;
    refs.add(ref.replace(/^\.?\//, ''));
  }
  return [...refs];
}

const TEST_FILE = /(^|\/)(__tests__|tests?)\/|\.(test|spec)\.[cm]?[jt]sx?$/;

export interface Expectations {
  projectDir: string;
  /** The renderer build the package was made from (dist/renderer without source maps). */
  rendererDir: string;
  platform?: NodeJS.Platform;
  arch?: string;
  sizeBudget?: number;
}

export function checkPackage(appDir: string, exp: Expectations): { problems: string[]; listing: PackageListing } {
  const problems: string[] = [];
  const listing = listPackage(appDir);
  const has = new Set(listing.files);

  // Entry points, as Electron finds them: package.json "main", then the preload main.cjs names.
  const pkg = has.has('package.json') ? (JSON.parse(asar.extractFile(listing.archive, 'package.json').toString('utf8')) as { main?: string }) : {};
  if (!has.has('package.json')) problems.push('missing package.json');
  if (pkg.main !== 'dist/electron/main.cjs') problems.push(`package.json "main" is ${JSON.stringify(pkg.main)}, expected "dist/electron/main.cjs"`);
  // The ledger reader's worker (large imports off the main thread) and the PostgreSQL connection's
  // worker (a team database) ship next to main.cjs.
  for (const f of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/ledger-worker.mjs', 'dist/electron/pg-worker.mjs', 'dist/renderer/index.html']) {
    if (!has.has(f)) problems.push(`missing ${f}`);
  }
  // The renderer: the whole build, and every file index.html refers to.
  const built = walk(exp.rendererDir).filter((f) => !f.endsWith('.map'));
  for (const f of built) if (!has.has(`dist/renderer/${f}`)) problems.push(`missing renderer file dist/renderer/${f}`);
  if (has.has('dist/renderer/index.html')) {
    const html = asar.extractFile(listing.archive, 'dist/renderer/index.html').toString('utf8');
    const refs = rendererReferences(html);
    if (!refs.some((r) => r.endsWith('.js'))) problems.push('dist/renderer/index.html loads no script');
    for (const ref of refs) if (!has.has(`dist/renderer/${ref}`)) problems.push(`index.html refers to ${ref}, which is not in the package`);
  }
  for (const f of listing.files) {
    if (f.startsWith('dist/') && !/^dist\/(electron\/((main|preload)\.cjs|(ledger|pg)-worker\.mjs)|renderer\/)/.test(f)) problems.push(`unexpected build output ${f}`);
    if (!f.startsWith('dist/') && !f.startsWith('node_modules/') && f !== 'package.json') problems.push(`unexpected top-level file ${f}`);
  }

  // Dependencies: every production package, no dev-only one.
  const locked = lockedPackages(exp.projectDir);
  const packaged = packagedModules(listing);
  for (const id of locked.prod) if (!packaged.has(id)) problems.push(`production dependency ${id} is not in the package`);
  for (const id of packaged) if (locked.devOnly.has(id)) problems.push(`dev dependency ${id} is in the package`);
  for (const id of packaged) if (!locked.prod.has(id) && !locked.devOnly.has(id)) problems.push(`${id} is in the package but not in package-lock.json`);

  // Natives: exactly the expected ones, each unpacked and N-API (npmRebuild is off, so a binary
  // built against Node's ABI instead of N-API would not load in Electron).
  const natives = expectedNatives(exp.platform, exp.arch);
  const nodeFiles = listing.files.filter((f) => f.endsWith('.node'));
  for (const f of natives) if (!has.has(f)) problems.push(`native module ${f} is not in the package`);
  for (const f of nodeFiles) {
    if (!natives.includes(f)) problems.push(`unexpected native module ${f}`);
    if (!listing.unpackedFlags.get(f)) problems.push(`native module ${f} is packed inside app.asar (asarUnpack must list it)`);
  }
  const unpackedDir = `${listing.archive}.unpacked`;
  for (const f of listing.unpackedOnDisk) {
    if (!natives.includes(f)) problems.push(`app.asar.unpacked holds ${f}, which is not a native module`);
    else if (!readFileSync(path.join(unpackedDir, f)).includes('napi_register_module_v1')) problems.push(`${f} is not an N-API module`);
  }
  for (const f of natives) {
    if (listing.unpackedFlags.get(f) && !listing.unpackedOnDisk.includes(f)) problems.push(`${f} is marked unpacked but missing from app.asar.unpacked`);
  }

  // Nothing that is only for developers.
  for (const f of listing.files) {
    if (f.endsWith('.map')) problems.push(`source map ${f}`);
    else if (TEST_FILE.test(f)) problems.push(`test file ${f}`);
    else if (/\.[cm]?tsx?$/.test(f)) problems.push(`TypeScript source ${f}`);
  }

  const total = listing.bytes.asar + listing.bytes.unpacked;
  const budget = exp.sizeBudget ?? SIZE_BUDGET_BYTES;
  if (total > budget) problems.push(`app payload is ${mb(total)}, over the budget of ${mb(budget)}`);
  return { problems, listing };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
