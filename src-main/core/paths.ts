// Where the console keeps its data: RECON_DATA_DIR, else the folder Electron's app.getPath('userData')
// would give, so the desktop app, the web shell and the CLI share one database.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Reconciliation Console';

export function defaultDataDir(env: Record<string, string | undefined> = process.env, platform = process.platform): string {
  const home = env.HOME ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

export function dataDirFromEnv(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.RECON_DATA_DIR?.trim();
  return fromEnv ? path.resolve(fromEnv) : defaultDataDir(env);
}
