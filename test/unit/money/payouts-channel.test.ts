// The Payouts page's channel answers the figures of `recon payouts` (one function), checked against
// the contract's schema, opening on the last 30 Taipei days like the Settlement page.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempApp } from '../../support/app.ts';
import { FIXTURE_FROM, FIXTURE_NOW_MS, FIXTURE_TO, type Fixture, seedFixture } from '../../support/settlement-fixture.ts';
import { payouts, payoutsView } from '../../../src-main/core/services/payouts.ts';
import { dispatch } from '../../../src-main/shell/handlers.ts';
import { contract } from '../../../src-main/contract/channels.ts';
import { InputError } from '../../../src-main/core/errors.ts';

let app: ReturnType<typeof tempApp>;
let fx: Fixture;
beforeEach(async () => {
  app = tempApp();
  fx = await seedFixture(app);
});
afterEach(() => app.cleanup());

it('answers payouts:list with the payouts of `recon payouts`, their total and the pending First Bank batch', () => {
  const view = payoutsView(app, { from: FIXTURE_FROM, to: FIXTURE_TO }, FIXTURE_NOW_MS);
  const direct = payouts(app, { from: FIXTURE_FROM, to: FIXTURE_TO, nowMs: FIXTURE_NOW_MS });
  expect(direct.length).toBeGreaterThan(1);
  expect(view.payouts).toEqual(direct.map(({ rule: _rule, ...p }) => p));
  expect(view.total).toBe(direct.reduce((s, p) => s + p.amount, 0));
  expect(contract['payouts:list'].result.parse(view)).toEqual(view);
  // Today's First Bank batch is not paid yet.
  expect(view.payouts.filter((p) => p.pending).every((p) => p.gateway === 'firstbank' && p.day === '2024-04-02')).toBe(true);
  const one = payoutsView(app, { from: FIXTURE_FROM, to: FIXTURE_TO, profileIds: [fx.flashpay.id] }, FIXTURE_NOW_MS);
  expect(one.payouts.map((p) => p.profileId)).toEqual(one.payouts.map(() => fx.flashpay.id));
});

it('opens on the last 30 days through the channel, and refuses a range that is not days', async () => {
  const answer = (await dispatch(app, 'payouts:list', {})) as { from: string; to: string; today: string };
  expect(answer.to).toBe(answer.today);
  expect((Date.parse(answer.to) - Date.parse(answer.from)) / 86_400_000).toBe(29);
  await expect(dispatch(app, 'payouts:list', { from: '2024-4-1' })).rejects.toThrow(InputError);
});
