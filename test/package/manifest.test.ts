// The Linux package's contents against the manifest (manifest.ts), and the same check failing on a
// configuration broken on purpose.
import { describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/package-dir.mjs';
import { DROPPED_FROM_UNPACK } from './broken.ts';
import { SIZE_BUDGET_BYTES, checkPackage, expectedNatives, mb } from './manifest.ts';
import { packages } from './support.ts';

const built = packages();
const expectations = { projectDir: root, rendererDir: path.join(root, 'dist', 'renderer') };

describe.runIf(built)('the Linux package (electron-builder --dir, stand-in Electron)', () => {
  it('holds main, preload, the renderer, every production dependency and only the natives unpacked, within the size budget', () => {
    const { problems, listing } = checkPackage(built!.good.appDir, expectations);
    const total = listing.bytes.asar + listing.bytes.unpacked;
    console.log(
      `package: ${listing.files.length} files, app.asar ${mb(listing.bytes.asar)} + app.asar.unpacked ${mb(listing.bytes.unpacked)} = ${mb(total)} (budget ${mb(SIZE_BUDGET_BYTES)})`,
    );
    expect(problems).toEqual([]);
    expect(listing.unpackedOnDisk.sort()).toEqual(expectedNatives().sort());
    // The stand-in was installed as the app's executable, as the real Electron would be.
    const exe = path.join(built!.good.appDir, 'recon-console');
    expect(existsSync(exe) && (statSync(exe).mode & 0o111) !== 0).toBe(true);
  });

  it('is refused when the renderer is dropped from `files`', () => {
    const { problems } = checkPackage(built!.broken.appDir, expectations);
    expect(problems).toContain('missing dist/renderer/index.html');
    expect(problems.filter((p) => p.startsWith('missing renderer file dist/renderer/assets/')).length).toBeGreaterThan(0);
  });

  it('is refused when `asarUnpack` misses a native module', () => {
    const { problems } = checkPackage(built!.broken.appDir, expectations);
    expect(problems).toContain(`native module ${DROPPED_FROM_UNPACK} is packed inside app.asar (asarUnpack must list it)`);
    // better-sqlite3's binary is still listed, so it alone is not reported.
    expect(problems.join('\n')).not.toContain('better-sqlite3/prebuilds');
  });

  it('is refused when it is over the size budget', () => {
    const { problems, listing } = checkPackage(built!.good.appDir, { ...expectations, sizeBudget: 1024 * 1024 });
    expect(problems).toEqual([`app payload is ${mb(listing.bytes.asar + listing.bytes.unpacked)}, over the budget of 1.0 MB`]);
  });
});
