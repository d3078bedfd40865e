// The API the renderer sees on `window.recon`: one named function per channel (never a generic
// invoke). The Electron preload implements it with ipcRenderer.invoke; the web client with fetch.
import type { Channel, EventOf, RequestOf, ResultOf } from './channels.ts';

/** Channel 'app:info' -> method 'appInfo'. */
export const methodNames = {
  'app:info': 'appInfo',
  'jobs:list': 'jobsList',
  'jobs:cancel': 'jobsCancel',
  'profiles:list': 'profilesList',
  'profiles:add': 'profilesAdd',
  'profiles:setSecrets': 'profilesSetSecrets',
  'profiles:remove': 'profilesRemove',
  'profiles:test': 'profilesTest',
  'profiles:validate': 'profilesValidate',
  'profiles:update': 'profilesUpdate',
  'sync:start': 'syncStart',
  'meta:statuses': 'metaStatuses',
  'gateways:describe': 'gatewaysDescribe',
  'orders:list': 'ordersList',
  'orders:totals': 'ordersTotals',
  'orders:get': 'ordersGet',
  'orders:requery': 'ordersRequery',
  'anomalies:list': 'anomaliesList',
  'anomalies:accept': 'anomaliesAccept',
  'periods:list': 'periodsList',
  'periods:close': 'periodsClose',
  'periods:reopen': 'periodsReopen',
  'settlement:daily': 'settlementDaily',
  'settlement:dayOrders': 'settlementDayOrders',
  'payouts:list': 'payoutsList',
  'export:start': 'exportStart',
  'actions:preview': 'actionsPreview',
  'actions:execute': 'actionsExecute',
  'actions:resolve': 'actionsResolve',
  'actions:open': 'actionsOpen',
  'actions:markNotApplied': 'actionsMarkNotApplied',
  'approvals:policy': 'approvalsPolicy',
  'approvals:setPolicy': 'approvalsSetPolicy',
  'approvals:request': 'approvalsRequest',
  'approvals:list': 'approvalsList',
  'approvals:approve': 'approvalsApprove',
  'approvals:reject': 'approvalsReject',
  'audit:list': 'auditList',
  'audit:verify': 'auditVerify',
  'audit:export': 'auditExport',
  'ledger:preview': 'ledgerPreview',
  'ledger:import': 'ledgerImport',
  'reconcile:run': 'reconcileRun',
  'reconcile:exceptions': 'reconcileExceptions',
  'reconcile:resolve': 'reconcileResolve',
  'notifications:inspect': 'notificationsInspect',
  'notifications:ingest': 'notificationsIngest',
  'maintenance:status': 'maintenanceStatus',
  'maintenance:backup': 'maintenanceBackup',
  'maintenance:check': 'maintenanceCheck',
  'maintenance:restore': 'maintenanceRestore',
  'maintenance:diagnostics': 'maintenanceDiagnostics',
  'team:connect': 'teamConnect',
  'team:disconnect': 'teamDisconnect',
  'team:status': 'teamStatus',
} as const satisfies Record<Channel, string>;

type MethodName<C extends Channel> = (typeof methodNames)[C];

export type ReconBridge = {
  [C in Channel as MethodName<C>]: (request: RequestOf<C>) => Promise<ResultOf<C>>;
} & {
  /** Subscribes to job progress; returns an unsubscribe function. */
  onJobProgress(listener: (event: EventOf<'job:progress'>) => void): () => void;
};
