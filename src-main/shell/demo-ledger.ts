// Demo mode's reconciliation: the sandbox serves the shop's own ledger (with planted discrepancies),
// which is imported with a saved column mapping and reconciled right after the first sync, so the
// Reconciliation page shows real exceptions on first launch.
import type { App } from '../core/app.ts';
import { msg } from '../contract/messages/render.ts';
import { ReconError } from '../core/errors.ts';
import { suggestMapping } from '../core/ledger/mapping.ts';
import { readLedgerTable } from '../core/ledger/table.ts';
import { importLedgerTable } from '../core/services/ledger-import.ts';
import type { Profile } from '../core/services/profiles.ts';
import { type ReconcileResult, runReconciliation } from '../core/services/reconcile.ts';

export async function reconcileDemoLedger(app: App, profile: Profile, sandboxBaseUrl: string): Promise<ReconcileResult> {
  const res = await fetch(`${sandboxBaseUrl}/_sandbox/ledger.csv`);
  if (!res.ok) throw new ReconError('transport', `the sandbox ledger answered HTTP ${res.status}`, { msg: msg('shell.sandbox_ledger', { status: res.status }) });
  const table = await readLedgerTable(new Uint8Array(await res.arrayBuffer()));
  const imported = importLedgerTable(app, profile, table, { fileName: `${profile.gateway}-ledger.csv`, mapping: suggestMapping(table.headers), operator: 'demo' });
  return runReconciliation(app, profile, { from: imported.from, to: imported.to, operator: 'demo' });
}
