// Issue 18 item 10: an impossible day (`2024-13-45`, `2023-02-29`) is refused on every channel that
// takes one, instead of rolling over into another month. The check lives in the contract's day schema,
// so the Electron IPC, the web shell and the tests all share it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError } from '../../src-main/core/errors.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { tempApp } from '../support/app.ts';

let app: ReturnType<typeof tempApp>;
beforeAll(() => {
  app = tempApp();
});
afterAll(() => app.cleanup());

const IMPOSSIBLE = ['2024-13-45', '2023-02-29', '2024-04-31', '2024-00-10', '2024-01-00'];

describe('impossible days are refused, never rolled over', () => {
  for (const day of IMPOSSIBLE) {
    test(`orders:list and orders:totals refuse ${day}`, async () => {
      await expect(dispatch(app, 'orders:list', { from: day, to: '2024-12-31' })).rejects.toThrow(InputError);
      await expect(dispatch(app, 'orders:totals', { from: '2024-01-01', to: day })).rejects.toThrow(/not a real calendar day/);
    });
  }

  test('settlement:dayOrders refuses an impossible day, and real ones (a leap day) still pass', async () => {
    await expect(dispatch(app, 'settlement:dayOrders', { day: '2024-02-30' })).rejects.toThrow(InputError);
    await expect(dispatch(app, 'settlement:dayOrders', { day: '2024-02-29' })).resolves.toMatchObject({ day: '2024-02-29' });
  });
});
