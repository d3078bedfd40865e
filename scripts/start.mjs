// `npm start`: the desktop app where an Electron binary exists; otherwise, say why in one line and
// serve the same console on 127.0.0.1 for a browser (never hang on a missing download).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

const found = args.includes('--web') ? { why: '--web was given' } : findElectronBinary();
if (found.binary && hasDisplay()) {
  if (!existsSync(path.join(root, 'dist/electron/main.cjs'))) {
    console.error('The app is not built yet: run `npm run build` first.');
    process.exit(2);
  }
  const child = spawn(found.binary, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const why = found.why ?? 'there is no display for a desktop window';
  console.log(`Electron is not available (${why}); starting the web shell instead.`);
  const source = path.join(root, 'src-main/shell/web/main.ts');
  const bundle = path.join(root, 'dist/node/web.mjs');
  const entry = process.features.typescript && existsSync(source) ? source : bundle;
  const web = await import(entry);
  await web.main(args.filter((a) => a !== '--web'));
  process.exit(0);
}
