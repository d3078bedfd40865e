// Where app exports go, and the sweep of temp files left by exports that were killed. Kept free of
// the export's own dependencies so the app can sweep at start without loading them.
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export const EXPORTS_FOLDER = 'exports';

export function exportsDir(app: { dataDir: string }): string {
  return path.join(app.dataDir, EXPORTS_FOLDER);
}

const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.tmp$/;

/**
 * A killed export (power cut, SIGKILL) cannot delete its temp file. Any export temp (whatever its
 * export's name: app names never repeat) untouched for STALE_TEMP_MS is removed at start, before each
 * export and after a failed one; a live export writes continuously, so its temp is always fresh.
 */
export function sweepExportTemps(dir: string, nowMs: number): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!TEMP_NAME.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const st = lstatSync(file);
      if ((st.isFile() || st.isSymbolicLink()) && nowMs - st.mtimeMs > STALE_TEMP_MS) rmSync(file, { force: true });
    } catch {
      // Another export may be removing it at the same moment: nothing to do.
    }
  }
}

const STALE_TEMP_MS = 10 * 60 * 1000;
