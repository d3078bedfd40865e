// The exceptions queue: what the latest reconciliation of a profile found, filtered by kind and
// state, with per-row actions: open the order (the orders console's drawer), re-query it (then
// reconcile again), resolve with a note, or accept the difference. Resolutions survive re-runs.
import { useCallback, useEffect, useState } from 'react';
import type { ExceptionKindValue, ProfileSummary, ReconcileExceptionRow, StatusMeta } from '../../src-main/contract/channels.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { useDays } from '../dayStyle.tsx';
import { exceptionKind, exceptionState } from '../../src-main/contract/vocabulary.ts';
import { api } from '../api.ts';
import { fill } from '../fileText.ts';
import { type StringKey, useT } from '../i18n.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { onRovingKeyDown } from './roving.ts';
import { textOf } from '../../src-main/contract/messages/render.ts';

const KINDS = exceptionKind.options;
const STATES = exceptionState.options;
type State = (typeof STATES)[number];
const KIND_TONE: Record<ExceptionKindValue, string> = {
  missing_at_gateway: 'tone-bad',
  missing_in_ledger: 'tone-warn-strong',
  amount_mismatch: 'tone-warn',
  status_mismatch: 'tone-info',
};

const money = (cents: number | null) => (cents === null ? '—' : formatCents(cents, { grouped: true }));

function ResolveForm({ row, onDone }: { row: ReconcileExceptionRow; onDone: () => void }) {
  const t = useT();
  const [note, setNote] = useState(row.note);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (resolution: 'resolved' | 'accepted') => {
    setBusy(true);
    setError(null);
    try {
      await api.reconcileResolve({ id: row.id, resolution, note });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="resolve-form">
      <textarea aria-label={t('resolveNote')} placeholder={t('resolveNote')} value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
      <div className="row-actions">
        <button type="button" className="primary" disabled={busy || note.trim() === ''} onClick={() => void send('resolved')}>
          {t('resolve')}
        </button>
        <button type="button" disabled={busy} onClick={() => void send('accepted')}>
          {t('accept')}
        </button>
        {error && <span className="error-text small">{error}</span>}
      </div>
    </div>
  );
}

export function ExceptionsQueue({
  profile,
  refreshKey,
  meta,
  onOpen,
  onRerun,
}: {
  profile: ProfileSummary;
  refreshKey: number;
  meta: StatusMeta | undefined;
  onOpen: (profileId: number, orderNo: string) => void;
  onRerun: (day?: string | null) => Promise<void>;
}) {
  const t = useT();
  const days = useDays();
  const [kind, setKind] = useState<ExceptionKindValue | ''>('');
  const [state, setState] = useState<State | ''>('');
  const [rows, setRows] = useState<ReconcileExceptionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [busyRow, setBusyRow] = useState<number | null>(null);
  const [rowMessage, setRowMessage] = useState<{ id: number; text: string; ok: boolean } | null>(null);

  const load = useCallback(() => {
    api.reconcileExceptions({ profile: profile.name, kind: kind || undefined, state: state || undefined }).then(
      (r) => {
        setRows(r);
        setError(null);
      },
      (err: unknown) => setError((err as Error).message),
    );
  }, [profile.name, kind, state]);
  useEffect(load, [load, refreshKey]);

  const requery = async (row: ReconcileExceptionRow) => {
    if (!row.cacheOrderNo) return;
    setBusyRow(row.id);
    setRowMessage(null);
    try {
      const r = await api.ordersRequery({ profileId: row.profileId, orderNo: row.cacheOrderNo });
      await onRerun(row.day);
      setRowMessage({ id: row.id, ok: true, text: r.outcome === 'unchanged' ? t('unchanged') : t('requeried') });
    } catch (err) {
      setRowMessage({ id: row.id, ok: false, text: (err as Error).message });
    } finally {
      setBusyRow(null);
    }
  };

  return (
    <section className="panel" aria-label={t('reconQueue')}>
      <div className="queue-head">
        <h2>{t('reconQueue')}</h2>
        <div className="segmented" role="toolbar" aria-label={t('colKind')} onKeyDown={(e) => onRovingKeyDown(e)}>
          {(['', ...KINDS] as const).map((k) => (
            <button key={k || 'all'} type="button" data-roving tabIndex={kind === k ? 0 : -1} className={kind === k ? 'on' : ''} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {t(k === '' ? 'reconAllKinds' : (`kind_${k}` as StringKey))}
            </button>
          ))}
        </div>
        <select aria-label={t('colState')} value={state} onChange={(e) => setState(e.target.value as State | '')}>
          <option value="">{t('reconAllStates')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`state_${s}` as StringKey)}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p className="muted">{kind || state ? t('reconNoExceptions') : t('reconNoRunYet')}</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll">
          <table className="mini-table queue-table" data-testid="exceptions">
            <thead>
              <tr>
                <th>{t('colKind')}</th>
                <th>{t('colOrderNo')}</th>
                <th>{t('colDay')}</th>
                <th className="num">{t('colShop')}</th>
                <th className="num">{t('colGateway')}</th>
                <th>{t('colDetail')}</th>
                <th>{t('colState')}</th>
                <th>{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="exception-row" data-kind={r.kind} data-order={r.orderNo} className={`state-${r.state}`}>
                  <td>
                    <span className={`status ${KIND_TONE[r.kind]}`}>{t(`kind_${r.kind}` as StringKey)}</span>
                  </td>
                  <td className="mono">{r.orderNo}</td>
                  <td>{r.day ?? '—'}</td>
                  <td className="num">
                    <div>{money(r.ledgerAmount)}</div>
                    <div className="small muted">{r.ledgerStatusText ?? ''}</div>
                  </td>
                  <td className="num">
                    <div>{money(r.gatewayAmount)}</div>
                    <div className="small">{r.gatewayStatus && <StatusBadge gateway={r.gateway} status={r.gatewayStatus} code={r.gatewayStatusCode ?? ''} meta={meta} />}</div>
                  </td>
                  <td className="detail-cell small">{textOf(r.detailMsg, r.detail, days.lang, { dayStyle: days.style })}</td>
                  <td>
                    <span className={`badge ${r.state === 'open' ? 'bad' : 'good'}`}>{t(`state_${r.state}` as StringKey)}</span>
                    {r.state !== 'open' && (
                      <div className="small muted">
                        {r.note && <div className="note">“{r.note}”</div>}
                        {r.resolvedBy && r.resolvedAtMs !== null && fill(t('resolvedBy'), { who: r.resolvedBy, when: days.time(r.resolvedAtMs) })}
                      </div>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      {r.cacheOrderNo && (
                        <button type="button" onClick={() => onOpen(r.profileId, r.cacheOrderNo!)}>
                          {t('openOrder')}
                        </button>
                      )}
                      {r.cacheOrderNo && (
                        <button type="button" disabled={busyRow === r.id} onClick={() => void requery(r)}>
                          {busyRow === r.id ? t('requerying') : t('requery')}
                        </button>
                      )}
                      <button type="button" aria-expanded={editing === r.id} onClick={() => setEditing(editing === r.id ? null : r.id)}>
                        {t('resolve')}…
                      </button>
                    </div>
                    {rowMessage?.id === r.id && <div className={`small ${rowMessage.ok ? 'ok-text' : 'error-text'}`}>{rowMessage.text}</div>}
                    {editing === r.id && (
                      <ResolveForm
                        row={r}
                        onDone={() => {
                          setEditing(null);
                          load();
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
