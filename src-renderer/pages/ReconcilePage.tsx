// Reconciliation: does the gateway agree with the shop? Import the shop's own ledger (with a column
// mapping remembered per profile), run the matching rules stated on the page, and work through the
// exceptions; a second tab inspects and ingests gateway notifications.
import { useCallback, useEffect, useState } from 'react';
import type { ProfileSummary, ReconcileRunResult } from '../../src-main/contract/channels.ts';
import { api } from '../api.ts';
import { fill } from '../fileText.ts';
import { useHashParams } from '../hashState.ts';
import { useT } from '../i18n.tsx';
import { useStatusMeta } from '../useStatusMeta.ts';
import { ExceptionsQueue } from '../components/ExceptionsQueue.tsx';
import { LedgerImport } from '../components/LedgerImport.tsx';
import { NotificationInspector } from '../components/NotificationInspector.tsx';
import { OrderDrawer } from '../components/OrderDrawer.tsx';
import { onRovingKeyDown } from '../components/roving.ts';
import { DateField } from '../components/DateField.tsx';
import { gatewayLabel, useGateways } from '../useGateways.ts';
import { useCan } from '../session.tsx';

function MatchingRules() {
  const t = useT();
  return (
    <details className="panel rules" open data-testid="matching-rules">
      <summary>
        <strong>{t('reconRulesTitle')}</strong>
      </summary>
      <ul>
        <li>{t('reconRuleMatch')}</li>
        <li>{t('reconRuleMissingGateway')}</li>
        <li>{t('reconRuleMissingLedger')}</li>
        <li>{t('reconRuleAmount')}</li>
        <li>{t('reconRuleStatus')}</li>
        <li>{t('reconRuleRange')}</li>
      </ul>
    </details>
  );
}

function RunPanel({ profile, onRan }: { profile: ProfileSummary; onRan: () => void }) {
  const t = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReconcileRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [profile.name]);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.reconcileRun({ profile: profile.name, from: from || undefined, to: to || undefined }));
      onRan();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-label={t('reconStep3')}>
      <h2>{t('reconStep3')}</h2>
      <div className="query-row">
        <label className="inline">
          {t('dateFrom')}
          <DateField value={from} onChange={setFrom} label={t('dateFrom')} allowEmpty />
        </label>
        <label className="inline">
          {t('dateTo')}
          <DateField value={to} onChange={setTo} label={t('dateTo')} allowEmpty />
        </label>
        <span className="muted small">{t('reconRangeHint')}</span>
        <button type="button" className="primary" onClick={() => void run()} disabled={busy || (from === '') !== (to === '')}>
          {busy ? t('reconRunning') : t('reconRun')}
        </button>
      </div>
      {result && (
        <p role="status" data-testid="run-result" className={result.exceptions.length ? 'warn-text' : 'ok-text'}>
          {fill(t('reconResult'), { from: result.from, to: result.to, matched: result.matched, n: result.exceptions.length })}
        </p>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}

export function ReconcilePage() {
  const t = useT();
  const may = useCan();
  const gateways = useGateways();
  const meta = useStatusMeta();
  const [params, setParams] = useHashParams('reconcile');
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const tab = params.get('tab') === 'inspector' ? 'inspector' : 'ledger';
  const open = params.get('open');

  useEffect(() => {
    api.profilesList({}).then(setProfiles, () => setProfiles([]));
  }, []);
  const profile = profiles?.find((p) => p.name === params.get('profile')) ?? profiles?.[0];
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  // A re-queried row is re-checked over its own day, whatever the last import covered.
  const rerun = useCallback(async (day?: string | null) => {
    if (!profile) return;
    await api.reconcileRun(day ? { profile: profile.name, from: day, to: day } : { profile: profile.name });
    refresh();
  }, [profile, refresh]);

  const openParts = open?.split(':') ?? [];
  return (
    <div className="reconcile-page">
      <h1>{t('reconTitle')}</h1>
      {profiles && profiles.length === 0 && <div className="panel empty">{t('reconNoProfiles')}</div>}
      {profile && (
        <>
          <div className="query-bar">
            <div className="query-row">
              <label className="inline">
                {t('reconProfile')}
                <select aria-label={t('reconProfile')} value={profile.name} onChange={(e) => setParams({ profile: e.target.value, open: null })}>
                  {profiles!.map((p) => (
                    <option key={p.id} value={p.name}>
                      {p.name} · {gatewayLabel(gateways, p.gateway, 'zh')}
                    </option>
                  ))}
                </select>
              </label>
              <div className="segmented" role="tablist" aria-label={t('reconTitle')} onKeyDown={(e) => onRovingKeyDown(e, { select: true })}>
                <button
                  type="button"
                  role="tab"
                  id="recon-tab-ledger"
                  data-roving
                  aria-selected={tab === 'ledger'}
                  aria-controls="recon-panel"
                  tabIndex={tab === 'ledger' ? 0 : -1}
                  className={tab === 'ledger' ? 'on' : ''}
                  onClick={() => setParams({ tab: null })}
                >
                  {t('reconTabLedger')}
                </button>
                <button
                  type="button"
                  role="tab"
                  id="recon-tab-inspector"
                  data-roving
                  aria-selected={tab === 'inspector'}
                  aria-controls="recon-panel"
                  tabIndex={tab === 'inspector' ? 0 : -1}
                  className={tab === 'inspector' ? 'on' : ''}
                  onClick={() => setParams({ tab: 'inspector', open: null })}
                >
                  {t('reconTabInspector')}
                </button>
              </div>
            </div>
          </div>
          <div role="tabpanel" id="recon-panel" aria-labelledby={tab === 'inspector' ? 'recon-tab-inspector' : 'recon-tab-ledger'}>
            {tab === 'inspector' ? (
              <NotificationInspector key={profile.name} profile={profile} meta={meta} />
            ) : (
              <div className="reconcile-body">
                <div className="reconcile-main">
                  <MatchingRules />
                  {may('ledger:import') && <LedgerImport key={profile.name} profile={profile} onImported={refresh} />}
                  {may('reconcile:run') && <RunPanel profile={profile} onRan={refresh} />}
                  <ExceptionsQueue
                    profile={profile}
                    refreshKey={refreshKey}
                    meta={meta}
                    onOpen={(profileId, orderNo) => setParams({ open: `${profileId}:${orderNo}` })}
                    onRerun={rerun}
                  />
                </div>
                {open && openParts.length >= 2 && (
                  <div className="reconcile-drawer">
                    <OrderDrawer
                      key={open}
                      profileId={Number(openParts[0])}
                      orderNo={openParts.slice(1).join(':')}
                      meta={meta}
                      onClose={() => setParams({ open: null })}
                      onChanged={() => void rerun()}
                    />
                  </div>
                )}
              </div>
            )}
          </div>
        </>
      )}
    </div>
  );
}
