// The one handler table every shell serves: Electron IPC, the loopback web shell, and tests. Each
// handler gets a payload already validated against the contract and calls plain service functions.
import os from 'node:os';
import { type Channel, type ResultOf, contract } from '../contract/channels.ts';
import type { App } from '../core/app.ts';
import { InputError, ReconError } from '../core/errors.ts';
import type { z } from 'zod';
import { parseCents } from '../core/money.ts';
import { addProfile, getProfile, getProfileById, removeProfile, updateProfileSecrets } from '../core/services/profiles.ts';
import { listOrders, orderDetail, orderTotals } from '../core/services/orders-query.ts';
import { requeryOrder } from '../core/services/requery.ts';
import { statusMetadata, toOrderDetail, toOrderListRow } from '../core/services/order-views.ts';
import { parseFeeRate, profileSummaries, profileSummary, testConnection } from '../core/services/profile-admin.ts';
import { syncProfile, validateSyncRange } from '../core/services/sync.ts';
import { settlementDailyView, settlementDayOrdersView, startExportView } from '../core/services/settlement-views.ts';
import { executeAction, previewAction, resolveUnknownActions } from '../core/services/actions.ts';
import { exportAuditCsv, listAudit, verifyAudit } from '../core/services/audit.ts';
import { reconcileHandlers } from './reconcile-handlers.ts';
import { acceptAnomaly, listAnomalies } from '../core/services/anomalies.ts';
import { closePeriod, periodState, reopenPeriod } from '../core/services/periods.ts';

type Handlers = {
  [C in Channel]: (request: z.infer<(typeof contract)[C]['request']>, app: App) => Promise<ResultOf<C>> | ResultOf<C>;
};

export const handlers: Handlers = {
  'app:info': (_req, app) => ({
    name: 'Reconciliation Console',
    version: app.version,
    shell: app.shell,
    dataDir: app.dataDir,
    demo: app.demo,
    node: process.versions.node,
    platform: `${os.platform()} ${os.arch()}`,
  }),
  'jobs:list': (_req, app) => app.jobs.list(),
  'jobs:cancel': (req, app) => ({ cancelled: app.jobs.cancel(req.jobId) }),
  'profiles:list': (_req, app) => profileSummaries(app),
  'profiles:add': async (req, app) => {
    const { hashKey, hashIv, feeRate, feeFixed, ...input } = req;
    const p = await addProfile(
      app,
      { ...input, feeRatePpm: feeRate ? parseFeeRate(feeRate) : null, feeFixedCents: feeFixed ? parseCents(feeFixed, 'the fixed fee') : null },
      { hashKey, hashIv: input.gateway === 'flashpay' ? hashIv : undefined },
    );
    return profileSummary(app, p);
  },
  'profiles:setSecrets': async (req, app) => {
    const p = getProfile(app, req.name);
    await updateProfileSecrets(app, p, { hashKey: req.hashKey, hashIv: p.gateway === 'flashpay' ? req.hashIv : undefined });
    return profileSummary(app, p);
  },
  'profiles:remove': async (req, app) => {
    await removeProfile(app, req.name);
    return { removed: true };
  },
  'profiles:test': (req, app) => testConnection(app, getProfile(app, req.name)),
  'meta:statuses': () => statusMetadata(),
  'orders:list': (req, app) => {
    const page = listOrders(app, req);
    return { rows: page.rows.map(toOrderListRow), nextCursor: page.nextCursor };
  },
  'orders:totals': (req, app) => orderTotals(app, req),
  'orders:get': (req, app) => toOrderDetail(orderDetail(app, req.profileId, req.orderNo)),
  'orders:requery': async (req, app) => {
    const profile = getProfileById(app, req.profileId);
    const outcome = await requeryOrder(app, profile, req.orderNo);
    return { outcome, detail: toOrderDetail(orderDetail(app, req.profileId, req.orderNo)) };
  },
  'sync:start': (req, app) => {
    const profile = getProfile(app, req.profile);
    const range = validateSyncRange(req.from, req.to);
    const job = app.jobs.run('sync', (ctx) => syncProfile(app, profile, range, ctx), { message: `sync ${profile.name} ${range.from}..${range.to}` });
    job.done.catch(() => undefined);
    return { jobId: job.jobId };
  },
  'settlement:daily': (req, app) => settlementDailyView(app, req),
  'settlement:dayOrders': (req, app) => settlementDayOrdersView(app, req),
  'anomalies:list': (req, app) => listAnomalies(app, req),
  'anomalies:accept': (req, app) => acceptAnomaly(app, req.id, req.note, { operator: req.operator }),
  'periods:list': (_req, app) => periodState(app),
  'periods:close': (req, app) => closePeriod(app, req.through, req.reason ?? '', { operator: req.operator }),
  'periods:reopen': (req, app) => reopenPeriod(app, req.from, req.reason, { operator: req.operator }),
  'export:start': (req, app) => startExportView(app, req),
  'actions:preview': (req, app) => previewAction(app, req),
  'actions:execute': (req, app) => {
    const { confirmation, ...rest } = req;
    return executeAction(app, { ...rest, confirmed: confirmation.confirmed, typedAmount: confirmation.typedAmount });
  },
  'actions:resolve': (_req, app) => resolveUnknownActions(app),
  'audit:list': (req, app) => listAudit(app, req.filters, req.page),
  'audit:verify': (_req, app) => verifyAudit(app),
  'audit:export': (req, app) => exportAuditCsv(app, req.filters),
  ...reconcileHandlers,
};

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** Validates the payload, runs the handler, and returns a plain result (or throws a ReconError). */
export async function dispatch(app: App, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new InputError(`unknown channel ${JSON.stringify(channel)}`);
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`invalid request for ${channel}: ${issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'malformed'}`);
  }
  const handler = handlers[channel] as (req: unknown, app: App) => unknown;
  return await handler(parsed.data, app);
}

/** What crosses the bridge when a call fails: a code and a message, never a stack or a secret. */
export function toBridgeError(err: unknown): { code: string; message: string } {
  if (err instanceof ReconError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'unexpected error in the console; see the log' };
}
