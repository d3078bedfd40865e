// Issue #23: the contract declares the least role of every channel, and a team server's dispatcher
// decides every call by that table alone: for every channel and every role, a call by a signed-in
// person on a real app (temp SQLite) is refused exactly where the role is below the channel's, before
// the handler runs, with a coded error; and the refusal is in the audit log under the person's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Channel, contract } from '../../../src-main/contract/channels.ts';
import { CHANNEL_ROLES, authorize } from '../../../src-main/contract/roles.ts';
import { type Role, roleSchema } from '../../../src-main/contract/vocabulary.ts';
import { ForbiddenError } from '../../../src-main/core/errors.ts';
import { dispatchAs } from '../../../src-main/shell/handlers.ts';
import { auditLog } from '../../../src-main/core/store/audit.ts';
import { renderMessage } from '../../../src-main/contract/messages/render.ts';
import { tempApp } from '../../support/app.ts';

const channels = Object.keys(contract) as Channel[];
const roles = roleSchema.options;

describe('the contract names a role for every channel', () => {
  it('has exactly the contract’s channels, each with a known role', () => {
    expect(Object.keys(CHANNEL_ROLES).sort()).toEqual([...channels].sort());
    for (const c of channels) expect(roles).toContain(CHANNEL_ROLES[c]);
  });

  it('follows the issue’s ladder for the channels it names', () => {
    const expected: Partial<Record<Channel, Role>> = {
      'orders:list': 'viewer', 'settlement:daily': 'viewer', 'payouts:list': 'viewer',
      'export:start': 'accountant', 'audit:export': 'accountant',
      'actions:execute': 'support', 'actions:preview': 'support',
      'reconcile:resolve': 'finance', 'periods:close': 'finance', 'periods:reopen': 'finance', 'anomalies:accept': 'finance',
      'profiles:add': 'admin', 'profiles:setSecrets': 'admin', 'maintenance:restore': 'admin',
      // Two-person approval: support asks, finance decides, admin sets the threshold; all see the policy.
      'approvals:policy': 'viewer', 'approvals:request': 'support', 'approvals:list': 'support',
      'approvals:approve': 'finance', 'approvals:reject': 'finance', 'approvals:setPolicy': 'admin',
    };
    for (const [c, r] of Object.entries(expected)) expect([c, CHANNEL_ROLES[c as Channel]]).toEqual([c, r]);
    // Admin may do everything, a viewer only what is viewer's.
    for (const c of channels) {
      expect(authorize('admin', c)).toBe(true);
      expect(authorize('viewer', c)).toBe(CHANNEL_ROLES[c] === 'viewer');
    }
  });
});

describe('the signed-in name replaces a requested operator', () => {
  it('on every channel whose request names one (all requests are objects, so none escapes)', () => {
    const named = channels.filter((c) => {
      const request = contract[c].request as unknown;
      expect([c, request instanceof z.ZodObject]).toEqual([c, true]);
      return Object.hasOwn((request as z.ZodObject).shape, 'operator');
    });
    expect(named.sort()).toEqual(
      ['actions:execute', 'actions:markNotApplied', 'anomalies:accept', 'ledger:import', 'periods:close', 'periods:reopen', 'reconcile:resolve', 'reconcile:run'].sort(),
    );
  });
});

describe('dispatchAs decides every channel × role by the table', { timeout: 120_000 }, () => {
  let app: ReturnType<typeof tempApp>;
  beforeAll(() => {
    app = tempApp({ shell: 'web' });
  });
  afterAll(() => app.cleanup());

  it('refuses exactly where the role is below the channel’s, before the handler runs', async () => {
    const decided: string[] = [];
    const expected: string[] = [];
    for (const role of roles) {
      const user = { id: 1, name: `amy-${role}`, role };
      for (const channel of channels) {
        const below = roles.indexOf(role) < roles.indexOf(CHANNEL_ROLES[channel]);
        expected.push(`${role} ${channel} ${below ? 'refused' : 'allowed'}`);
        // An empty payload: allowed calls may fail validation or find nothing, but never as a refusal.
        let outcome = 'allowed';
        try {
          await dispatchAs(app, user, channel, {});
        } catch (err) {
          if (err instanceof ForbiddenError) {
            outcome = 'refused';
            expect(err.code).toBe('forbidden');
            expect(err.msg?.code).toBe('team.forbidden');
            expect(err.needed).toBe(CHANNEL_ROLES[channel]);
          }
        }
        decided.push(`${role} ${channel} ${outcome}`);
      }
    }
    expect(decided).toEqual(expected);
    const refusals = expected.filter((e) => e.endsWith('refused')).length;
    expect(refusals).toBeGreaterThan(0);
    // Each refusal is an audit entry under the person's name.
    const entries = auditLog(app.db).list({}, 0, 10_000).rows.filter((r) => r.event === 'access.refused');
    expect(entries).toHaveLength(refusals);
    expect(entries.every((e) => e.outcome === 'refused' && e.operator.startsWith('amy-'))).toBe(true);
  });

  it('says the refusal in Chinese and English', async () => {
    const err = await dispatchAs(app, { id: 1, name: 'sam', role: 'support' }, 'periods:close', { through: '2024-03-31' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    const m = (err as ForbiddenError).msg!;
    expect(renderMessage(m, 'zh-TW')).toContain('客服');
    expect(renderMessage(m, 'zh-TW')).toContain('財務');
    expect(renderMessage(m, 'en')).toContain('finance');
  });
});
