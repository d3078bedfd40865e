// The audit log: browse and filter every cancel/refund attempt and its outcome, export it as CSV, and
// verify it (hash chain, each entry's MAC under the keychain's audit key, the keychain head, the
// actions journal); anything wrong is a red banner naming exactly what. Actions whose outcome is
// unknown are listed with how long and what to check, to be re-queried or marked not applied. A
// small "new action" form opens the cancel/refund dialog for any order.
import { useState, type FormEvent } from 'react';
import type { ActionOutcomeResult, AuditEntryResult, AuditFiltersRequest, AuditProblemResult } from '../../src-main/contract/channels.ts';
import { formatCents, parseAmountInput } from '../../src-main/contract/format.ts';
import { useDays } from '../dayStyle.tsx';
import { auditOutcome } from '../../src-main/contract/vocabulary.ts';
import { api } from '../api.ts';
import { type StringKey, strings, useT } from '../i18n.tsx';
import { useAsync } from '../useAsync.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { DateField } from '../components/DateField.tsx';
import { formatDayTime } from '../../src-main/contract/day-text.ts';
import { gatewayLabel, useGateways } from '../useGateways.ts';
import { renderMessage } from '../../src-main/contract/messages/render.ts';
import { auditEventMessage } from '../../src-main/contract/audit-event.ts';
import { useCan } from '../session.tsx';

const OUTCOMES = auditOutcome.options;

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m));
}

function problemText(t: ReturnType<typeof useT>, p: AuditProblemResult): string {
  const key = `auditProblem_${p.code}`;
  // A code this renderer does not know yet: the core's own sentence.
  return Object.hasOwn(strings, key) ? fill(t(key as StringKey), p.params) : p.message;
}

function VerifyBanner({ tick, onVerify }: { tick: number; onVerify: () => void }) {
  const t = useT();
  const v = useAsync(() => api.auditVerify({}), [tick]);
  if (v.status === 'loading') return <div className="panel muted">{t('loading')}</div>;
  if (v.status === 'error') return <div className="panel error" role="alert">{v.message}</div>;
  if (!v.value.ok) {
    return (
      <div className="audit-banner broken" role="alert" data-testid="audit-broken">
        <div>
          <strong>{t('auditBroken')}</strong>
          <ul className="audit-problems">
            {v.value.problems.map((p, i) => (
              <li key={i} data-code={p.code}>
                {problemText(t, p)}
              </li>
            ))}
          </ul>
        </div>
        <button type="button" onClick={onVerify}>
          {t('auditVerify')}
        </button>
      </div>
    );
  }
  return (
    <div className="audit-banner ok" role="status" data-testid="audit-ok">
      <span>
        ✓ {fill(t('auditVerifyOk'), { n: v.value.entries })}
        <span className="small"> · {v.value.anchored ? fill(t('auditAnchored'), { seq: v.value.headSeq ?? '–' }) : t('auditNotAnchored')}</span>
      </span>
      <button type="button" className="small-button" onClick={onVerify}>
        {t('auditVerify')}
      </button>
    </div>
  );
}

function OpenActionRow({ o, onDone }: { o: ActionOutcomeResult; onDone: () => void }) {
  const t = useT();
  const may = useCan();
  const days = useDays();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onDone();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const markNotApplied = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const reason = String(data.get('reason') ?? '').trim();
    const operator = String(data.get('operator') ?? '').trim();
    if (reason && operator) void run(() => api.actionsMarkNotApplied({ actionId: o.actionId, reason, operator }));
  };
  const since = o.unknownSinceMs;
  return (
    <li className="open-action" data-testid={`open-action-${o.actionId}`} data-state={o.state}>
      <div>
        <strong>
          #{o.actionId} {o.kind} {o.orderNo}
        </strong>{' '}
        ({o.profile}, {formatCents(o.amountCents)}, {o.operator}) ·{' '}
        {since !== null
          ? fill(t('actUnknownFor'), { duration: fill(t('actMinutes'), { n: Math.max(0, Math.round((Date.now() - since) / 60_000)) }), since: days.time(since) })
          : fill(t('actInFlight'), { state: o.state })}
      </div>
      <p className="small muted">{o.message}</p>
      {o.state === 'UNKNOWN' && may('actions:resolve') && (
        <form className="inline-form" onSubmit={markNotApplied}>
          <button type="button" disabled={busy} onClick={() => void run(() => api.actionsResolve({}))}>
            {t('actQueryAgain')}
          </button>
          {may('actions:markNotApplied') && (
            <>
              <label>
                {t('actNotAppliedReason')}
                <input name="reason" required maxLength={200} />
              </label>
              <label>
                {t('actOperator')}
                <input name="operator" required maxLength={64} />
              </label>
              <button type="submit" disabled={busy}>
                {t('actNotApplied')}
              </button>
            </>
          )}
        </form>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function OpenActions({ tick, onDone }: { tick: number; onDone: () => void }) {
  const t = useT();
  const open = useAsync(() => api.actionsOpen({}), [tick]);
  if (open.status !== 'ok' || open.value.length === 0) return null;
  return (
    <div className="panel" data-testid="open-actions">
      <h2>{t('actOpenTitle')}</h2>
      <p className="muted small">{t('actOpenHelp')}</p>
      <ul className="open-actions">
        {open.value.map((o) => (
          <OpenActionRow key={o.actionId} o={o} onDone={onDone} />
        ))}
      </ul>
    </div>
  );
}

function NewActionForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const gateways = useGateways();
  const profiles = useAsync(() => api.profilesList({}));
  const [target, setTarget] = useState<{ profile: string; orderNo: string } | null>(null);
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const profile = String(data.get('profile') ?? '');
    const orderNo = String(data.get('orderNo') ?? '').trim();
    if (profile && orderNo) setTarget({ profile, orderNo });
  };
  const list = profiles.status === 'ok' ? profiles.value : [];
  return (
    <div className="panel">
      <h2>{t('actNew')}</h2>
      <p className="muted small">{t('actNewHelp')}</p>
      {profiles.status === 'ok' && list.length === 0 ? (
        <p className="muted">{t('actNoProfiles')}</p>
      ) : (
        <form className="inline-form" onSubmit={open} data-testid="new-action">
          <label>
            {t('actProfile')}
            <select name="profile">
              {list.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name} ({gatewayLabel(gateways, p.gateway, 'en')})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('actOrderNo')}
            <input name="orderNo" required maxLength={40} className="mono" />
          </label>
          <button type="submit" className="primary">
            {t('actReview')}
          </button>
        </form>
      )}
      {target && <ActionDialog profile={target.profile} orderNo={target.orderNo} onClose={() => setTarget(null)} onDone={onDone} />}
    </div>
  );
}


function EntryRow({ e }: { e: AuditEntryResult }) {
  const t = useT();
  const days = useDays();
  return (
    <tr data-testid={`audit-row-${e.seq}`}>
      <td className="num">{e.seq}</td>
      <td className="mono">{/^\d{4}-\d{2}-\d{2}/.test(e.at) ? formatDayTime(e.at, days.style, days.lang) : e.at}</td>
      <td>{e.operator}</td>
      {/* A zero-width space after each dot lets long event names wrap between their parts. */}
      <td>
        {renderMessage(auditEventMessage(e.event), days.lang)}
        <div className="mono small muted">{e.event.replaceAll('.', '.\u200b')}</div>
      </td>
      <td>
        <span className={`badge outcome-${e.outcome}`}>{t(`outcome_${e.outcome}` as StringKey)}</span>
      </td>
      <td>
        {e.profile}
        {e.orderNo && <div className="mono small">{e.orderNo}</div>}
      </td>
      <td className="num">{e.amount === null ? '' : groupAmount(e.amount)}</td>
      <td className="audit-note">
        {/* The note is the record as written (in English, under the chain's MAC): shown as is in English,
            one click away in Chinese, where the event column already says what happened. */}
        {days.lang === 'en' && e.note}
        {(e.request || e.response || e.raw || (days.lang !== 'en' && e.note)) && (
          <details>
            <summary className="small muted">{t('auditRecordDetails')}</summary>
            {days.lang !== 'en' && e.note && (
              <p className="small" translate="no">
                {e.note}
              </p>
            )}
            {e.request && <pre className="code wrap" translate="no">{e.request}</pre>}
            {e.response && <pre className="code wrap" translate="no">{e.response}</pre>}
            {e.raw && e.raw !== e.response && <pre className="code wrap" translate="no">{e.raw}</pre>}
            <div className="mono small muted">sha256 {e.hash}</div>
          </details>
        )}
      </td>
    </tr>
  );
}

/** "14100.00" as the rest of the console shows money: "14,100.00". */
function groupAmount(text: string): string {
  const cents = parseAmountInput(text);
  return cents === null || Number.isNaN(cents) ? text : formatCents(cents, { grouped: true });
}

export function AuditPage() {
  const t = useT();
  const may = useCan();
  const [filters, setFilters] = useState<AuditFiltersRequest>({});
  const [page, setPage] = useState(0);
  const [tick, setTick] = useState(0);
  const [exported, setExported] = useState<string | null>(null);
  const [auditFrom, setAuditFrom] = useState('');
  const [auditTo, setAuditTo] = useState('');
  const list = useAsync(() => api.auditList({ filters, page }), [filters, page, tick]);

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? '').trim() || undefined;
    const outcome = text('outcome');
    setFilters({
      from: text('from'),
      to: text('to'),
      operator: text('operator'),
      orderNo: text('orderNo'),
      outcome: OUTCOMES.find((o) => o === outcome),
    });
    setPage(0);
  };

  const exportCsv = async () => {
    const r = await api.auditExport({ filters });
    const url = URL.createObjectURL(new Blob([r.content], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExported(fill(t('auditExported'), { n: r.rows }));
  };

  const refresh = () => setTick((n) => n + 1);
  const value = list.status === 'ok' ? list.value : null;
  const pages = value ? Math.max(1, Math.ceil(value.total / value.pageSize)) : 1;
  return (
    <section className="audit-page">
      <h1>{t('navAudit')}</h1>
      <p className="muted">{t('auditIntro')}</p>
      <VerifyBanner tick={tick} onVerify={refresh} />
      <OpenActions tick={tick} onDone={refresh} />
      {may('actions:preview') && <NewActionForm onDone={refresh} />}
      <div className="panel">
        <form className="inline-form" onSubmit={apply} data-testid="audit-filters">
          <label>
            {t('auditFrom')}
            <DateField value={auditFrom} onChange={setAuditFrom} label={t('auditFrom')} name="from" allowEmpty />
          </label>
          <label>
            {t('auditTo')}
            <DateField value={auditTo} onChange={setAuditTo} label={t('auditTo')} name="to" allowEmpty />
          </label>
          <label>
            {t('actOperator')}
            <input name="operator" list="audit-operators" maxLength={64} />
            <datalist id="audit-operators">{value?.operators.map((o) => <option key={o} value={o} />)}</datalist>
          </label>
          <label>
            {t('actOrderNo')}
            <input name="orderNo" maxLength={40} className="mono" />
          </label>
          <label>
            {t('auditOutcome')}
            <select name="outcome" defaultValue="">
              <option value="">{t('auditAll')}</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome_${o}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('auditApply')}
          </button>
          <button type="reset" onClick={() => (setFilters({}), setPage(0))}>
            {t('auditClear')}
          </button>
          <button type="button" onClick={exportCsv} data-testid="audit-export">
            {t('auditExport')}
          </button>
          {exported && (
            <span className="small ok-text" role="status">
              {exported}
            </span>
          )}
        </form>
      </div>
      <div className="panel table-panel">
        {list.status === 'error' && <p className="error-text">{list.message}</p>}
        {value && value.entries.length === 0 && <p className="muted">{t('auditEmpty')}</p>}
        {value && value.entries.length > 0 && (
          <table className="data-table compact audit-table" data-testid="audit-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>{t('auditTime')}</th>
                <th>{t('actOperator')}</th>
                <th>{t('auditEvent')}</th>
                <th>{t('auditOutcome')}</th>
                <th>{t('actOrderNo')}</th>
                <th className="num">{t('actAmount')}</th>
                <th>{t('auditNote')}</th>
              </tr>
            </thead>
            <tbody>
              {value.entries.map((e) => (
                <EntryRow key={e.seq} e={e} />
              ))}
            </tbody>
          </table>
        )}
        {value && value.total > value.pageSize && (
          <div className="pager">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              {t('auditPrev')}
            </button>
            <span className="muted">{fill(t('auditPage'), { page: page + 1, pages, total: value.total })}</span>
            <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
              {t('auditNext')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
