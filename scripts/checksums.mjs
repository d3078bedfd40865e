// Writes SHA256SUMS next to the release artifacts (installers and update files at the top of the
// output folder), in the format `sha256sum -c SHA256SUMS` and `shasum -a 256 -c SHA256SUMS` check.
//
//   node scripts/checksums.mjs [release]
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUMS_FILE = 'SHA256SUMS';
// electron-builder's own logs of a build, not something a user downloads.
const NOT_ARTIFACTS = new Set([SUMS_FILE, 'builder-debug.yml', 'builder-effective-config.yaml']);

function sha256(file) {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** @returns {Promise<Array<{ name: string, sha256: string }>>} */
export async function writeChecksums(dir) {
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !NOT_ARTIFACTS.has(e.name) && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new Error(`no artifacts in ${dir}: run npm run dist first`);
  const sums = [];
  for (const name of names) sums.push({ name, sha256: await sha256(path.join(dir, name)) });
  // Two spaces: text mode in sha256sum's format; file names are relative to the folder.
  writeFileSync(path.join(dir, SUMS_FILE), sums.map((s) => `${s.sha256}  ${s.name}\n`).join(''));
  return sums;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  const dir = path.resolve(process.argv[2] ?? 'release');
  try {
    const sums = await writeChecksums(dir);
    for (const s of sums) console.log(`${s.sha256}  ${s.name}`);
    console.log(`wrote ${path.join(dir, SUMS_FILE)} (${sums.length} artifacts)`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
