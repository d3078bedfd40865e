// `recon payouts --json` answers what payouts() answers, pending flag included: a script that sums the
// JSON must be able to leave out a First Bank batch that has not been paid yet.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createApp } from '../../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../../src-main/core/credentials.ts';
import { payouts } from '../../../src-main/core/services/payouts.ts';
import { formatCents } from '../../../src-main/core/money.ts';
import { FIXTURE_FROM, FIXTURE_TO, seedFixture } from '../../support/settlement-fixture.ts';
import { runRecon } from '../../support/cli.ts';
import { tempDir } from '../export/helpers.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = tempDir('recon-payouts-cli-');
  const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  await seedFixture(app);
  app.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('prints every payout with its day, profile, amount and whether it is still pending', async () => {
  const run = await runRecon(['payouts', '--from', FIXTURE_FROM, '--to', FIXTURE_TO, '--json'], { env: { RECON_DATA_DIR: dataDir } });
  expect(run.code).toBe(0);
  const printed = JSON.parse(run.stdout) as { day: string; profile: string; amount: string; pending: boolean }[];
  const app = createApp({ dataDir, shell: 'cli', credentials: new MemoryCredentialStore() });
  let expected;
  try {
    expected = payouts(app, { from: FIXTURE_FROM, to: FIXTURE_TO });
  } finally {
    app.close();
  }
  expect(expected.length).toBeGreaterThan(1);
  expect(printed.map((p) => ({ day: p.day, profile: p.profile, amount: p.amount, pending: p.pending }))).toEqual(
    expected.map((p) => ({ day: p.day, profile: p.profileName, amount: formatCents(p.amount), pending: p.pending })),
  );
});
