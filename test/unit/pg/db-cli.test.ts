// `recon db status` and `recon db migrate` through the real binary, on SQLite (RECON_DATA_DIR) and on
// PostgreSQL (RECON_DATABASE_URL), and the SQLite-only commands refusing a team database clearly.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runRecon } from '../../support/cli.ts';
import { dropPgDatabase, freshPgUrl, pgSkipReason, pgUrl } from '../../support/pg.ts';
import { pgSchemaVersion } from '../../../src-main/core/store/pg/open.ts';
import { schemaVersion } from '../../../src-main/core/store/db.ts';

const dirs: string[] = [];
const urls: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const u of urls.splice(0)) dropPgDatabase(u);
});
function dataDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'recon-db-cli-'));
  dirs.push(d);
  return d;
}

describe('recon db on SQLite', () => {
  it('reports an empty data folder, migrates it, then reports it current', async () => {
    const env = { RECON_DATA_DIR: dataDir(), RECON_DATABASE_URL: undefined };
    const before = await runRecon(['db', 'status', '--json'], { env });
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({ engine: 'sqlite', exists: false, state: 'empty' });
    const migrated = await runRecon(['db', 'migrate', '--json'], { env });
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ engine: 'sqlite', from: 0, to: schemaVersion() });
    const after = await runRecon(['db', 'status'], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`^SQLite .*recon\\.sqlite: schema ${schemaVersion()} of ${schemaVersion()} \\(current\\); 0 orders, 0 actions, 0 audit entries`));
  });

  it('refuses a RECON_DATABASE_URL that is not PostgreSQL, with exit 2', async () => {
    const r = await runRecon(['db', 'status'], { env: { RECON_DATA_DIR: dataDir(), RECON_DATABASE_URL: 'mysql://x/y' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RECON_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });
});

describe.skipIf(!pgUrl)(`recon db on PostgreSQL${pgUrl ? '' : ` (skipped: ${pgSkipReason})`}`, () => {
  it('reports an empty team database, migrates it once, then reports it current', async () => {
    const url = freshPgUrl();
    urls.push(url);
    const env = { RECON_DATA_DIR: dataDir(), RECON_DATABASE_URL: url };
    const before = await runRecon(['db', 'status', '--json'], { env });
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({ engine: 'postgres', schema: 0, state: 'empty' });
    const migrated = await runRecon(['db', 'migrate'], { env });
    expect(migrated.stdout).toContain(`schema 0 -> ${pgSchemaVersion()}`);
    const again = await runRecon(['db', 'migrate'], { env });
    expect(again.stdout).toContain('already current');
    const after = await runRecon(['db', 'status'], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^PostgreSQL postgres:\/\/.*: schema \d+ of \d+ \(current\); 0 orders, 0 actions, 0 audit entries/);
  });

  it('says to use the server\'s tools for backup, restore and check', async () => {
    const url = freshPgUrl({ migrated: true });
    urls.push(url);
    const env = { RECON_DATA_DIR: dataDir(), RECON_DATABASE_URL: url };
    const out = path.join(dataDir(), 'b.sqlite');
    const backup = await runRecon(['backup', '--out', out], { env });
    expect(backup.code).toBe(2);
    expect(backup.stderr).toMatch(/recon backup: the store is the team database \(PostgreSQL, RECON_DATABASE_URL\); back it up with pg_dump/);
    const restore = await runRecon(['restore', '--latest'], { env });
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/pg_restore/);
  });
});
