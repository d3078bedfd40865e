// Finds the Electron binary without require('electron'): that entry point tries to download the
// binary when it is missing, and nothing may be downloaded at run time.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const PLATFORM_PATH = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** @returns {{ binary: string } | { why: string }} */
export function findElectronBinary(env = process.env) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : (PLATFORM_PATH[process.platform] ?? 'electron');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative);
    return existsSync(binary) ? { binary } : { why: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary at ${binary}` };
  }
  if (!existsSync(pkg)) return { why: 'the electron package is not installed (npm install)' };
  const binary = path.join(pkg, 'dist', relative);
  if (!existsSync(binary)) return { why: 'the Electron binary was never downloaded (no internet at install time); set ELECTRON_OVERRIDE_DIST_PATH to one you have' };
  return { binary };
}
