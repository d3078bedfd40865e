// The orders console's queries on a real SQLite cache: keyset paging reaches the end without gaps or
// repeats, every filter narrows as it should, totals equal the sum of the rows, Taipei days hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOrders, orderDetail, orderTotals, type OrderListQuery } from '../../src-main/core/services/orders-query.ts';
import { InputError } from '../../src-main/core/errors.ts';
import type { NormalizedOrder } from '../../src-main/core/store/orders.ts';
import { taipeiDayOf } from '../../src-main/core/time.ts';
import { tempApp } from '../support/app.ts';
import { seedOrders, seedProfiles } from '../support/seed.ts';

const app = tempApp();
let fpOrders: NormalizedOrder[];
let fbOrders: NormalizedOrder[];
let fpId: number;
let fbId: number;
// 2024-03-01 00:00 Taipei, one order every 37 minutes for ~20 days
const START = Date.parse('2024-02-29T16:00:00Z');

beforeAll(async () => {
  const { fp, fb } = await seedProfiles(app);
  fpId = fp.id;
  fbId = fb.id;
  fpOrders = seedOrders(app, fp, 800, START, 37 * 60_000, 1);
  fbOrders = seedOrders(app, fb, 300, START + 11 * 60_000, 97 * 60_000, 2);
});
afterAll(() => app.cleanup());

function all(query: OrderListQuery): string[] {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = listOrders(app, { ...query, cursor, limit: 53 });
    seen.push(...page.rows.map((r) => r.order_no));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

const inDays = (o: NormalizedOrder, from: string, to: string) => {
  const d = taipeiDayOf(o.orderedAtMs!);
  return d >= from && d <= to;
};

describe('keyset paging', () => {
  it('walks every order of the range once, newest first, to the end', () => {
    const got = all({ from: '2024-03-02', to: '2024-03-09' });
    const expected = [...fpOrders, ...fbOrders]
      .filter((o) => inDays(o, '2024-03-02', '2024-03-09'))
      // Ties on time fall back to the row id: First Bank rows were inserted last, so they come first.
      .sort((a, b) => b.orderedAtMs! - a.orderedAtMs! || (a.gateway === b.gateway ? b.orderNo.localeCompare(a.orderNo) : a.gateway === 'firstbank' ? -1 : 1))
      .map((o) => o.orderNo);
    expect(got).toEqual(expected);
    expect(new Set(got).size).toBe(got.length);
  });

  it('pages correctly when sorted by amount (ties broken by id) in both directions', () => {
    for (const dir of ['asc', 'desc'] as const) {
      const got = all({ from: '2024-03-01', to: '2024-03-20', sort: 'amount', dir });
      expect(got).toHaveLength(new Set(got).size);
      const amounts = got.map((n) => [...fpOrders, ...fbOrders].find((o) => o.orderNo === n)!.amount!);
      const sorted = [...amounts].sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(amounts).toEqual(sorted);
    }
  });

  it('refuses a forged cursor and a missing range', () => {
    expect(() => listOrders(app, { from: '2024-03-01', to: '2024-03-02', cursor: 'garbage' })).toThrow(InputError);
    expect(() => listOrders(app, { from: '', to: '' } as OrderListQuery)).toThrow(/date range/);
  });
});

describe('filters', () => {
  it('filters by profile, normalized status and gateway code', () => {
    expect(all({ from: '2024-03-01', to: '2024-03-31', profileIds: [fbId] })).toHaveLength(fbOrders.filter((o) => inDays(o, '2024-03-01', '2024-03-31')).length);
    const settled = all({ from: '2024-03-01', to: '2024-03-31', statuses: ['settled'] });
    expect(settled.length).toBe(fpOrders.filter((o) => o.statusCode === '04' && inDays(o, '2024-03-01', '2024-03-31')).length);
    const fb2 = all({ from: '2024-03-01', to: '2024-03-31', statuses: ['firstbank:2'] });
    expect(fb2.every((n) => n.startsWith('B'))).toBe(true);
    expect(fb2.length).toBe(fbOrders.filter((o) => o.statusCode === '2').length);
    expect(() => listOrders(app, { from: '2024-03-01', to: '2024-03-02', statuses: ['paid'] })).toThrow(/unknown status/);
  });

  it('filters by amount range and searches order numbers, gateway numbers, auth codes and card digits', () => {
    const ranged = all({ from: '2024-03-01', to: '2024-03-31', minAmount: 100_000, maxAmount: 150_000 });
    expect(ranged.length).toBe([...fpOrders, ...fbOrders].filter((o) => o.amount! >= 100_000 && o.amount! <= 150_000).length);
    expect(all({ from: '2024-03-01', to: '2024-03-31', search: 'F00000123' })).toEqual(['F00000123']);
    expect(all({ from: '2024-03-01', to: '2024-03-31', search: 'F0000012' }).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `F0000012${i}`));
    expect(all({ from: '2024-03-01', to: '2024-03-31', search: 'FP1000042' })).toEqual(['F00000042']);
    expect(all({ from: '2024-03-01', to: '2024-03-31', search: '100077' }).sort()).toEqual(['B00000077', 'F00000077']);
    const card = fbOrders[5]!.cardMasked!.slice(-4);
    expect(all({ from: '2024-03-01', to: '2024-03-31', search: card })).toContain('B00000005');
  });

  it('a search term searches all dates: no range needed, and one outside any range is found', () => {
    expect(all({ search: 'F00000123' })).toEqual(['F00000123']);
    expect(all({ search: 'F0000012' }).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `F0000012${i}`));
    // A range given with the search still narrows (the chip the user did not clear).
    expect(all({ from: '2024-02-01', to: '2024-02-02', search: 'F00000123' })).toEqual([]);
    expect(orderTotals(app, { search: 'F00000123' }).count).toBe(1);
    // Without a search, a range is still required.
    expect(() => listOrders(app, { profileIds: [fpId] })).toThrow(/date range/);
  });

  it('finds a card by any masked form a clerk might type', () => {
    const o = fbOrders[5]!;
    const card = o.cardMasked!; // 431195******NNNN
    const last4 = card.slice(-4);
    const expected = fbOrders.filter((x) => x.cardMasked!.endsWith(last4)).map((x) => x.orderNo).sort();
    for (const typed of [card, `**${last4}`, `****${last4}`, `431195xxxxxx${last4}`, `4311 95** **** ${last4}`, `•••• ${last4}`]) {
      expect(all({ search: typed }).sort(), typed).toEqual(expected);
    }
    // The first six, when given, narrow too.
    expect(all({ search: `999999******${last4}` })).toEqual([]);
  });

  it('refuses an amount range whose minimum is above its maximum', () => {
    expect(() => listOrders(app, { from: '2024-03-01', to: '2024-03-31', minAmount: 500, maxAmount: 100 })).toThrow(/minimum .* above the maximum/);
  });

  it('honours Taipei day boundaries whatever the machine TZ', () => {
    // The first FlashPay order is at 00:00 Taipei on March 1st, i.e. Feb 29th in UTC.
    expect(all({ from: '2024-02-29', to: '2024-02-29' })).toEqual([]);
    expect(all({ from: '2024-03-01', to: '2024-03-01' })).toContain('F00000000');
  });
});

describe('totals and detail', () => {
  it('totals equal the sums of the matching rows, to the cent', () => {
    const filter = { from: '2024-03-03', to: '2024-03-12', profileIds: [fpId] };
    const rows = fpOrders.filter((o) => inDays(o, '2024-03-03', '2024-03-12'));
    const sum = (k: 'amount' | 'captured' | 'refunded' | 'fee' | 'feeReturned') => rows.reduce((s, o) => s + (o[k] ?? 0), 0);
    const net = sum('captured') - sum('refunded') - sum('fee') + sum('feeReturned');
    expect(orderTotals(app, filter)).toEqual({ count: rows.length, amount: sum('amount'), captured: sum('captured'), refunded: sum('refunded'), fee: sum('fee'), feeReturned: sum('feeReturned'), net, flagged: 0 });
  });

  it('the detail carries history from the triggers', () => {
    const d = orderDetail(app, fpId, 'F00000001');
    expect(d.history).toHaveLength(1);
    expect(d.history[0]).toMatchObject({ source: 'seed', status_code: fpOrders[1]!.statusCode });
    expect(() => orderDetail(app, fpId, 'nope')).toThrow(/not in the cache/);
  });
});
