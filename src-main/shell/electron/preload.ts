// Runs in the sandboxed preload: exposes one named function per contract channel, never a generic
// invoke. Payloads are validated again in main; this file only forwards.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ReconBridge } from '../../contract/bridge.ts';
import type { JobProgress } from '../../contract/channels.ts';
import { type BridgeError, encodeBridgeError } from '../../contract/bridge-error.ts';

type Envelope = { ok: true; result: unknown } | { ok: false; error: BridgeError };

async function call<T>(channel: string, request: unknown): Promise<T> {
  const answer = (await ipcRenderer.invoke(channel, request)) as Envelope;
  if (!answer.ok) throw new Error(encodeBridgeError(answer.error));
  return answer.result as T;
}

const bridge = {
  appInfo: (request) => call('app:info', request),
  jobsList: (request) => call('jobs:list', request),
  jobsCancel: (request) => call('jobs:cancel', request),
  profilesList: (request) => call('profiles:list', request),
  profilesAdd: (request) => call('profiles:add', request),
  profilesSetSecrets: (request) => call('profiles:setSecrets', request),
  profilesRemove: (request) => call('profiles:remove', request),
  profilesTest: (request) => call('profiles:test', request),
  profilesValidate: (request) => call('profiles:validate', request),
  profilesUpdate: (request) => call('profiles:update', request),
  syncStart: (request) => call('sync:start', request),
  metaStatuses: (request) => call('meta:statuses', request),
  gatewaysDescribe: (request) => call('gateways:describe', request),
  ordersList: (request) => call('orders:list', request),
  ordersTotals: (request) => call('orders:totals', request),
  ordersGet: (request) => call('orders:get', request),
  ordersRequery: (request) => call('orders:requery', request),
  settlementDaily: (request) => call('settlement:daily', request),
  settlementDayOrders: (request) => call('settlement:dayOrders', request),
  payoutsList: (request) => call('payouts:list', request),
  anomaliesList: (request) => call('anomalies:list', request),
  anomaliesAccept: (request) => call('anomalies:accept', request),
  periodsList: (request) => call('periods:list', request),
  periodsClose: (request) => call('periods:close', request),
  periodsReopen: (request) => call('periods:reopen', request),
  exportStart: (request) => call('export:start', request),
  actionsPreview: (request) => call('actions:preview', request),
  actionsExecute: (request) => call('actions:execute', request),
  actionsResolve: (request) => call('actions:resolve', request),
  actionsOpen: (request) => call('actions:open', request),
  actionsMarkNotApplied: (request) => call('actions:markNotApplied', request),
  approvalsPolicy: (request) => call('approvals:policy', request),
  approvalsSetPolicy: (request) => call('approvals:setPolicy', request),
  approvalsRequest: (request) => call('approvals:request', request),
  approvalsList: (request) => call('approvals:list', request),
  approvalsApprove: (request) => call('approvals:approve', request),
  approvalsReject: (request) => call('approvals:reject', request),
  auditList: (request) => call('audit:list', request),
  auditVerify: (request) => call('audit:verify', request),
  auditExport: (request) => call('audit:export', request),
  ledgerPreview: (request) => call('ledger:preview', request),
  ledgerImport: (request) => call('ledger:import', request),
  reconcileRun: (request) => call('reconcile:run', request),
  reconcileExceptions: (request) => call('reconcile:exceptions', request),
  reconcileResolve: (request) => call('reconcile:resolve', request),
  notificationsInspect: (request) => call('notifications:inspect', request),
  notificationsIngest: (request) => call('notifications:ingest', request),
  maintenanceStatus: (request) => call('maintenance:status', request),
  maintenanceBackup: (request) => call('maintenance:backup', request),
  maintenanceCheck: (request) => call('maintenance:check', request),
  maintenanceRestore: (request) => call('maintenance:restore', request),
  maintenanceDiagnostics: (request) => call('maintenance:diagnostics', request),
  teamConnect: (request) => call('team:connect', request),
  teamDisconnect: (request) => call('team:disconnect', request),
  teamStatus: (request) => call('team:status', request),
  onJobProgress(listener) {
    const wrapped = (_event: IpcRendererEvent, progress: JobProgress) => listener(progress);
    ipcRenderer.on('job:progress', wrapped);
    return () => void ipcRenderer.off('job:progress', wrapped);
  },
} satisfies ReconBridge;

contextBridge.exposeInMainWorld('recon', bridge);
