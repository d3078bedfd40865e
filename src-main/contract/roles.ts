// The least role each channel needs on a team server (issue #23), as data beside the schemas: the
// server refuses a call before its handler runs (shell/handlers.ts dispatchAs), and a renderer can
// hide what a signed-in person may not do. `satisfies Record<Channel, Role>` makes a new channel
// without a role a compile error, so nothing is callable by default.
// The single-user desktop and the loopback web shell act as admin and never consult this table.
import type { Channel } from './channels.ts';
import { type Role, roleAtLeast } from './vocabulary.ts';

export const CHANNEL_ROLES = {
  // What every signed-in person sees: orders, settlement, payouts, the shape of the console.
  'app:info': 'viewer',
  'jobs:list': 'viewer',
  'meta:statuses': 'viewer',
  'gateways:describe': 'viewer',
  // Names and gateways of the profiles only (never secrets): the order filters need them.
  'profiles:list': 'viewer',
  'orders:list': 'viewer',
  'orders:totals': 'viewer',
  'orders:get': 'viewer',
  'settlement:daily': 'viewer',
  'settlement:dayOrders': 'viewer',
  'payouts:list': 'viewer',
  'periods:list': 'viewer',
  'anomalies:list': 'viewer',
  // Accountants take the figures and the audit trail away.
  'export:start': 'accountant',
  // The jobs a viewer could cancel are ones they cannot start (export, sync).
  'jobs:cancel': 'accountant',
  'audit:list': 'accountant',
  'audit:verify': 'accountant',
  'audit:export': 'accountant',
  'reconcile:exceptions': 'accountant',
  // Support answers the customer: refreshes an order from the gateway, cancels or refunds it. On a team
  // server an amount at or above the approval threshold is refused by actions:execute itself
  // (core/services/actions.ts) and goes through approvals:request instead.
  'orders:requery': 'support',
  'sync:start': 'support',
  'notifications:inspect': 'support',
  'actions:preview': 'support',
  'actions:execute': 'support',
  'actions:open': 'support',
  'actions:resolve': 'support',
  // Two-person approval: support asks, and sees their own requests (to tell the customer what became
  // of them); the list shows finance everything. The policy is shown to all, so the UI can explain.
  'approvals:policy': 'viewer',
  'approvals:request': 'support',
  'approvals:list': 'support',
  // Approving sends the money: finance, and never the requester (core/services/approvals.ts).
  'approvals:approve': 'finance',
  'approvals:reject': 'finance',
  'approvals:setPolicy': 'admin',
  // Finance decides what the books say: resolutions, closed periods, accepted anomalies, imports.
  // Marking an unknown refund "not applied" settles money without the gateway's word.
  'actions:markNotApplied': 'finance',
  'anomalies:accept': 'finance',
  'periods:close': 'finance',
  'periods:reopen': 'finance',
  'ledger:preview': 'finance',
  'ledger:import': 'finance',
  'reconcile:run': 'finance',
  'reconcile:resolve': 'finance',
  'notifications:ingest': 'finance',
  // Admin: the merchant's keys, the settings, the database itself.
  'profiles:add': 'admin',
  'profiles:setSecrets': 'admin',
  'profiles:remove': 'admin',
  'profiles:test': 'admin',
  'profiles:validate': 'admin',
  'profiles:update': 'admin',
  'maintenance:status': 'admin',
  'maintenance:backup': 'admin',
  'maintenance:check': 'admin',
  'maintenance:restore': 'admin',
  'maintenance:diagnostics': 'admin',
  // The desktop's own link to a team server: answered by the desktop, refused by the server itself.
  'team:connect': 'viewer',
  'team:disconnect': 'viewer',
  'team:status': 'viewer',
} as const satisfies Record<Channel, Role>;

export function roleFor(channel: Channel): Role {
  return CHANNEL_ROLES[channel];
}

/** Whether a person with `role` may call `channel` (the one rule; the server asks nothing else). */
export function authorize(role: Role, channel: Channel): boolean {
  return roleAtLeast(role, roleFor(channel));
}
