// The release checksum list: every artifact, nothing else, checkable with sha256sum -c.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUMS_FILE, writeChecksums } from '../../scripts/checksums.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/checksums.mjs', () => {
  it('lists the SHA-256 of every artifact in sha256sum format, leaving out build logs and folders', async () => {
    const artifacts = { 'Reconciliation Console-0.1.0.AppImage': 'appimage bytes', 'recon-console_0.1.0_amd64.deb': 'deb bytes', 'latest-linux.yml': 'version: 0.1.0\n' };
    for (const [name, body] of Object.entries(artifacts)) writeFileSync(path.join(dir, name), body);
    writeFileSync(path.join(dir, 'builder-debug.yml'), 'log');
    mkdirSync(path.join(dir, 'linux-unpacked'));
    writeFileSync(path.join(dir, 'linux-unpacked', 'recon-console'), 'exe');

    await writeChecksums(dir);
    const lines = readFileSync(path.join(dir, SUMS_FILE), 'utf8').trimEnd().split('\n');
    const expected = Object.entries(artifacts)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, body]) => `${createHash('sha256').update(body).digest('hex')}  ${name}`);
    expect(lines).toEqual(expected);

    const check = spawnSync('sha256sum', ['-c', SUMS_FILE], { cwd: dir, encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    writeFileSync(path.join(dir, 'recon-console_0.1.0_amd64.deb'), 'tampered');
    expect(spawnSync('sha256sum', ['-c', SUMS_FILE], { cwd: dir, encoding: 'utf8' }).stdout).toContain('recon-console_0.1.0_amd64.deb: FAILED');
  });

  it('refuses an empty release folder', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'recon-release-empty-'));
    try {
      await expect(writeChecksums(empty)).rejects.toThrow(/no artifacts/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
