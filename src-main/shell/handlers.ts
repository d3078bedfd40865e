// The one handler table every shell serves: Electron IPC, the loopback web shell, and tests. Each
// handler gets a payload already validated against the contract and calls plain service functions.
import os from 'node:os';
import { type Channel, type ResultOf, contract } from '../contract/channels.ts';
import type { App } from '../core/app.ts';
import type { JobKind } from '../core/jobs.ts';
import { ForbiddenError, InputError, ReconError } from '../core/errors.ts';
import { z } from 'zod';
import { parseCents } from '../core/money.ts';
import { getProfile, getProfileById, secretsFor } from '../core/services/profiles.ts';
import { addProfileAudited, profileFieldErrors, removeProfileAudited, replaceSecretsAudited, updateProfile } from '../core/services/profile-changes.ts';
import { listOrders, orderDetail, orderTotals } from '../core/services/orders-query.ts';
import { requeryOrder } from '../core/services/requery.ts';
import { describeGateways, statusMetadata, toOrderDetail, toOrderListRow } from '../core/services/order-views.ts';
import { parseFeeRate, profileSummaries, profileSummary, testConnection } from '../core/services/profile-admin.ts';
import { syncProfile, validateSyncRange } from '../core/services/sync.ts';
import { payoutsView } from '../core/services/payouts.ts';
import { settlementDailyView, settlementDayOrdersView, startExportView } from '../core/services/settlement-views.ts';
import { executeAction, markNotApplied, openActions, previewAction, resolveUnknownActions } from '../core/services/actions.ts';
import { exportAuditCsv, listAudit, verifyAudit } from '../core/services/audit.ts';
import { reconcileHandlers } from './reconcile-handlers.ts';
import { maintenanceHandlers } from './maintenance-handlers.ts';
import { approvalHandlers } from './approvals-handlers.ts';
import { log, logUnexpected, unexpectedMessage } from '../core/ops/log.ts';
import { storeDamage } from '../core/store/health.ts';
import type { BridgeError } from '../contract/bridge-error.ts';
import { msg } from '../contract/messages/render.ts';
import { acceptAnomaly, listAnomalies } from '../core/services/anomalies.ts';
import { closePeriod, periodState, reopenPeriod } from '../core/services/periods.ts';
import { authorize, roleFor } from '../contract/roles.ts';
import type { TeamUser } from '../core/services/accounts.ts';
import { runAsOperator } from '../core/operator-context.ts';
import { auditLog } from '../core/store/audit.ts';

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
    const p = await addProfileAudited(
      app,
      { ...input, feeRatePpm: feeRate ? parseFeeRate(feeRate) : null, feeFixedCents: feeFixed ? parseCents(feeFixed, 'the fixed fee') : null },
      secretsFor(input.gateway, { hashKey, hashIv }),
    );
    return profileSummary(app, p);
  },
  'profiles:setSecrets': async (req, app) => {
    const p = getProfile(app, req.name);
    await replaceSecretsAudited(app, p, secretsFor(p.gateway, req));
    return profileSummary(app, p);
  },
  'profiles:remove': async (req, app) => {
    await removeProfileAudited(app, req.name);
    return { removed: true };
  },
  'profiles:test': (req, app) => testConnection(app, getProfile(app, req.name)),
  'profiles:validate': (req, app) => {
    const { editing, ...form } = req;
    return profileFieldErrors(app, form, editing);
  },
  'profiles:update': (req, app) => {
    const { name, newName, feeRate, feeFixed, ...edit } = req;
    const p = updateProfile(app, name, {
      ...edit,
      name: newName,
      feeRatePpm: feeRate === undefined ? undefined : feeRate.trim() === '' ? null : parseFeeRate(feeRate),
      feeFixedCents: feeFixed === undefined ? undefined : feeFixed.trim() === '' ? null : parseCents(feeFixed, 'the fixed fee'),
    });
    return profileSummary(app, p);
  },
  'meta:statuses': () => statusMetadata(),
  'gateways:describe': () => ({ gateways: describeGateways() }),
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
    const job = app.jobs.run('sync', (ctx) => syncProfile(app, profile, range, ctx), { messageMsg: msg('sync.starting', { profile: profile.name, fromDay: range.from, toDay: range.to }) });
    job.done.catch(() => undefined);
    return { jobId: job.jobId };
  },
  'settlement:daily': (req, app) => settlementDailyView(app, req),
  'settlement:dayOrders': (req, app) => settlementDayOrdersView(app, req),
  'payouts:list': (req, app) => payoutsView(app, req),
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
  'actions:open': (_req, app) => openActions(app),
  'actions:markNotApplied': (req, app) => markNotApplied(app, req),
  'audit:list': (req, app) => listAudit(app, req.filters, req.page),
  'audit:verify': (_req, app) => verifyAudit(app),
  'audit:export': (req, app) => exportAuditCsv(app, req.filters),
  ...reconcileHandlers,
  ...maintenanceHandlers,
  ...approvalHandlers,
  // The embedded core is never connected anywhere; the Electron main process answers these itself.
  'team:status': () => ({ connected: false }),
  'team:disconnect': () => ({ connected: false }),
  'team:connect': () => {
    throw new InputError('connecting to a team server is for the desktop app', { msg: msg('team.desktop_only', { channel: 'team:connect' }) });
  },
};

/** Channels whose success changes what other pages and windows show, and the job kind they announce. */
const ANNOUNCES: Partial<Record<Channel, JobKind>> = {
  'actions:execute': 'action',
  'actions:resolve': 'action',
  'approvals:approve': 'action',
  'orders:requery': 'sync',
  'notifications:ingest': 'sync',
  'ledger:import': 'reconcile',
  'reconcile:run': 'reconcile',
  'reconcile:resolve': 'reconcile',
};

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** Validates the payload, runs the handler, and returns a plain result (or throws a ReconError). */
export async function dispatch(app: App, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new InputError(`unknown channel ${JSON.stringify(channel)}`, { msg: msg('shell.unknown_channel', { channel }) });
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'malformed';
    throw new InputError(`invalid request for ${channel}: ${detail}`, { msg: msg('shell.invalid_request', { channel }), detail });
  }
  const handler = handlers[channel] as (req: unknown, app: App) => unknown;
  const result = await handler(parsed.data, app);
  const kind = ANNOUNCES[channel];
  if (kind) app.jobs.announce(kind, channel);
  return result;
}

/**
 * A team server's call: the signed-in person's role is checked against the contract's table
 * (contract/roles.ts) before the payload is even read, and a refusal is audited (someone reaching for
 * what they may not do is what an auditor asks about). An allowed call runs as that person: an
 * `operator` in the request is replaced by their name, and services that name the operator themselves
 * get it too (core/operator-context.ts). The desktop and loopback shells call `dispatch`, as admin.
 */
export async function dispatchAs(app: App, user: TeamUser, channel: string, payload: unknown): Promise<unknown> {
  if (!isChannel(channel)) throw new InputError(`unknown channel ${JSON.stringify(channel)}`, { msg: msg('shell.unknown_channel', { channel }) });
  if (!authorize(user.role, channel)) {
    const needed = roleFor(channel);
    auditLog(app.db).append({
      atMs: Date.now(), operator: user.name, shell: app.shell, event: 'access.refused', outcome: 'refused', profile: null, gateway: null, orderNo: null,
      actionId: null, amount: null, request: JSON.stringify({ channel, role: user.role, needed }), response: '', raw: '', note: '',
    });
    throw new ForbiddenError(channel, needed, `${user.name} (${user.role}) may not call ${channel}: it needs ${needed}`, {
      msg: msg('team.forbidden', { name: user.name, role: msg('team.role', { role: user.role }), needed: msg('team.role', { role: needed }), channel }),
    });
  }
  const request = contract[channel].request;
  const takesOperator = request instanceof z.ZodObject && Object.hasOwn(request.shape, 'operator');
  const asked = payload ?? {};
  const named = takesOperator && typeof asked === 'object' && !Array.isArray(asked) ? { ...asked, operator: user.name } : asked;
  return runAsOperator({ name: user.name, role: user.role }, () => dispatch(app, channel, named));
}

/**
 * What crosses the bridge when a call fails: a code and a message, never a stack or a secret. An
 * error nobody anticipated is logged with an id, and the message carries that id so support can
 * find it in the log.
 */
export function toBridgeError(err: unknown, context: Record<string, unknown> = {}): BridgeError {
  const damaged = storeDamage(err);
  if (damaged) {
    const errorId = logUnexpected(err, context);
    return { code: damaged.code, message: `${damaged.message} (error id ${errorId})`, errorId, msg: msg('db.damaged_running', { errorId }), detail: damaged.detail };
  }
  if (err instanceof ReconError) {
    // Expected refusals and gateway answers: worth a line for support, not an id.
    log().info({ ...context, code: err.code, message: err.message }, 'call refused');
    return { code: err.code, message: err.message, ...(err.msg ? { msg: err.msg } : {}), ...(err.detail ? { detail: err.detail } : {}) };
  }
  const errorId = logUnexpected(err, context);
  return { code: 'internal', message: unexpectedMessage(errorId), errorId, msg: msg('error.unexpected', { errorId }) };
}
