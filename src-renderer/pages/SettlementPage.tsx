// Daily settlement: per Taipei day and profile what was captured, refunded, charged and paid out, a
// chart of the net per day, the orders behind a day, and the Excel export (with progress and cancel).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProfileSummary, ResultOf } from '../../src-main/contract/channels.ts';
import { formatCents, formatTaipeiMs } from '../../src-main/contract/format.ts';
import { api } from '../api.ts';
import { useHashParams } from '../hashState.ts';
import { useLang, useT } from '../i18n.tsx';
import { NetChart } from '../components/NetChart.tsx';
import { ExportBox, ExportStatus, useExport } from '../components/ExportControls.tsx';
import { type Preset, PRESETS, matchPreset, presetRange } from '../dates.ts';
import type { StringKey } from '../i18n.tsx';
import { DateField } from '../components/DateField.tsx';
import { useDays } from '../dayStyle.tsx';
import { gatewayLabel, useGateways } from '../useGateways.ts';
import { useCan } from '../session.tsx';

type Report = ResultOf<'settlement:daily'>;
type DayOrders = ResultOf<'settlement:dayOrders'>;
type Load<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; message: string };

const money = (cents: number) => formatCents(cents, { grouped: true });
const AMOUNT_COLUMNS = ['gross', 'captured', 'refunded', 'fees', 'feesReturned', 'net', 'settled', 'unsettled', 'adjustments'] as const;
/** The cards read left to right as the sum they are: captured − refunded − fees + fees returned = net. */
const CARD_KEYS = ['captured', 'refunded', 'fees', 'feesReturned', 'net', 'settled', 'adjustments'] as const;
const CARD_SIGN: Partial<Record<(typeof CARD_KEYS)[number], string>> = { refunded: '−', fees: '−', feesReturned: '+', net: '=' };
const SETTLEMENT_PRESETS = PRESETS.filter((p) => p === 'yesterday' || p === 'thisWeek' || p === 'thisMonth' || p === 'lastMonth');
const PRESET_LABEL: Record<Exclude<Preset, 'custom'>, StringKey> = {
  today: 'presetToday',
  yesterday: 'presetYesterday',
  thisWeek: 'presetThisWeek',
  last7: 'presetLast7',
  thisMonth: 'presetThisMonth',
  lastMonth: 'presetLastMonth',
};
const ENTRY_KIND: Record<string, StringKey> = {
  capture: 'stCaptured',
  refund: 'stRefunded',
  fee: 'stFees',
  fee_return: 'stFeesReturned',
  settle: 'stSettled',
  gross: 'stGross',
  order: 'stOrders',
};
const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
const AMOUNT_LABEL = {
  gross: 'stGross',
  captured: 'stCaptured',
  refunded: 'stRefunded',
  fees: 'stFees',
  feesReturned: 'stFeesReturned',
  net: 'stNet',
  settled: 'stSettled',
  unsettled: 'stUnsettled',
  adjustments: 'stAdjustments',
} as const;

export function SettlementPage() {
  const t = useT();
  const may = useCan();
  const days = useDays();
  const { lang } = useLang();
  const gateways = useGateways();
  const [params, setParams] = useHashParams('settlement');
  const profileId = params.get('profile') ? Number(params.get('profile')) : null;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const day = params.get('day');
  const dayProfile = params.get('dayProfile') ? Number(params.get('dayProfile')) : null;
  const [profiles, setProfiles] = useState<ProfileSummary[]>([]);
  const [report, setReport] = useState<Load<Report>>({ status: 'loading' });
  const [dayOrders, setDayOrders] = useState<Load<DayOrders> | null>(null);
  const [reload, setReload] = useState(0);
  const [closeError, setCloseError] = useState<string | null>(null);
  const exp = useExport('settlement');

  useEffect(() => {
    api.profilesList({}).then(setProfiles, () => setProfiles([]));
  }, []);

  const profileIds = profileId === null ? undefined : [profileId];
  useEffect(() => {
    let live = true;
    setReport((r) => (r.status === 'ok' ? r : { status: 'loading' }));
    api.settlementDaily({ from, to, profileIds }).then(
      (value) => live && setReport({ status: 'ok', value }),
      (err: unknown) => live && setReport({ status: 'error', message: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [from, to, profileId, reload]);

  useEffect(() => {
    if (!day) return setDayOrders(null);
    let live = true;
    setDayOrders({ status: 'loading' });
    const ids = dayProfile !== null ? [dayProfile] : profileIds;
    api.settlementDayOrders({ day, profileIds: ids }).then(
      (value) => live && setDayOrders({ status: 'ok', value }),
      (err: unknown) => live && setDayOrders({ status: 'error', message: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [day, dayProfile, profileId]);

  const value = report.status === 'ok' ? report.value : null;
  const shownFrom = from ?? value?.from ?? '';
  const shownTo = to ?? value?.to ?? '';
  const startExport = () => {
    if (value) void exp.start({ from: value.from, to: value.to, profileIds });
  };

  const profileName = useMemo(() => new Map(profiles.map((p) => [p.id, p.name])), [profiles]);
  const selectDay = (d: string, pid: number | null = null) => setParams({ day: d, dayProfile: pid === null ? null : String(pid) });
  const preset = shownFrom && shownTo ? matchPreset(shownFrom, shownTo) : 'custom';
  // Closing covers every profile, through the range's last day, and only once that day is over.
  const closable = value !== null && value.to < value.today && (value.closedThrough === null || value.to > value.closedThrough);
  const closeThrough = () => {
    if (!value || !window.confirm(fill(t('stCloseConfirm'), { day: value.to }))) return;
    setCloseError(null);
    api.periodsClose({ through: value.to }).then(
      () => setReload((n) => n + 1),
      (err: unknown) => setCloseError((err as Error).message),
    );
  };

  return (
    <section className="settlement-page">
      <div className="page-head">
        <div>
          <h1>{t('navSettlement')}</h1>
          <p className="muted small">{t('stSubtitle')}</p>
        </div>
      </div>
      <div className="query-bar">
        <div className="query-row">
          <div className="segmented" role="radiogroup" aria-label={t('taipeiDays')}>
            {SETTLEMENT_PRESETS.map((p) => (
              <button
                key={p}
                type="button"
                role="radio"
                aria-checked={preset === p}
                className={preset === p ? 'on' : ''}
                onClick={() => setParams({ ...presetRange(p as Exclude<Preset, 'custom'>), day: null })}
                data-testid={`st-preset-${p}`}
              >
                {t(PRESET_LABEL[p as Exclude<Preset, 'custom'>])}
              </button>
            ))}
          </div>
          <label className="inline">
            {t('dateFrom')}
            <DateField value={shownFrom} max={shownTo} onChange={(day) => day && setParams({ from: day, to: shownTo, day: null })} label={t('dateFrom')} testId="st-from" />
          </label>
          <label className="inline">
            {t('dateTo')}
            <DateField value={shownTo} min={shownFrom} onChange={(day) => day && setParams({ to: day, from: shownFrom, day: null })} label={t('dateTo')} testId="st-to" />
          </label>
          <span className="muted small">{t('taipeiDays')}</span>
          <select value={profileId ?? ''} onChange={(e) => setParams({ profile: e.target.value || null, day: null })} aria-label={t('colProfile')} data-testid="st-profile">
            <option value="">{t('allProfiles')}</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <span className="spacer" />
          {may('export:start') && <ExportBox exporting={exp.exporting} job={exp.job} disabled={!value} onStart={startExport} onCancel={exp.cancel} testId="st-export" />}
        </div>
        <ExportStatus job={exp.job} started={exp.started} error={exp.error} testId="st-export" />
        {value && (
          <div className="query-row">
            <span className="muted small" data-testid="st-closed-through">
              {value.closedThrough ? fill(t('stClosedThrough'), { day: value.closedThrough }) : t('stNothingClosed')}
            </span>
            {may('periods:close') && (
              <button type="button" disabled={!closable} title={value.to >= value.today ? t('stCloseNotOver') : undefined} onClick={closeThrough} data-testid="st-close-period">
                {fill(t('stClosePeriod'), { day: value.to })}
              </button>
            )}
            {closeError && (
              <span className="error-text" role="alert">
                {closeError}
              </span>
            )}
          </div>
        )}
      </div>

      {report.status === 'error' ? (
        <div className="panel error" role="alert">
          {report.message}
        </div>
      ) : !value ? (
        <div className="panel muted">{t('loading')}</div>
      ) : (
        <>
          <div className="totals" data-testid="st-totals" title={t('stFormula')}>
            {CARD_KEYS.map((k) => (
              <div key={k} className={`total${k === 'net' ? ' total-key' : ''}`}>
                <div className="muted small">
                  {CARD_SIGN[k] ? <span aria-hidden="true">{CARD_SIGN[k]} </span> : null}
                  {t(AMOUNT_LABEL[k])}
                </div>
                <div className={`total-value${value.totals[k] < 0 ? ' negative' : ''}`} data-testid={`st-total-${k}`}>
                  {money(value.totals[k])}
                </div>
              </div>
            ))}
          </div>
          <div className="panel">
            <div className="panel-head">
              <h2>{t('stChartTitle')}</h2>
              <span className="muted small">{t('stClickDay')}</span>
            </div>
            <NetChart
              days={value.days}
              selected={day}
              onSelect={(d) => selectDay(d)}
              labels={{ settled: t('stSettled'), unsettled: t('stUnsettled'), net: t('stNet'), orders: t('stOrders') }}
            />
          </div>
          {day && <DayPanel day={day} load={dayOrders} profile={dayProfile === null ? null : (profileName.get(dayProfile) ?? null)} lang={lang} onClose={() => setParams({ day: null, dayProfile: null })} />}
          <div className="panel table-panel">
            {value.rows.length === 0 ? (
              <p className="muted">{t('stNoRows')}</p>
            ) : (
              <table className="data-table" data-testid="st-table">
                <thead>
                  <tr>
                    <th>{t('stDay')}</th>
                    <th>{t('colProfile')}</th>
                    <th className="num">{t('stOrders')}</th>
                    {AMOUNT_COLUMNS.map((k) => (
                      <th key={k} className="num">
                        {t(AMOUNT_LABEL[k])}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {value.rows.map((r) => (
                    <tr
                      key={`${r.day}-${r.profileId}`}
                      className={day === r.day && (dayProfile === null || dayProfile === r.profileId) ? 'selected' : ''}
                      onClick={() => selectDay(r.day, r.profileId)}
                      tabIndex={0}
                      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget && (e.preventDefault(), selectDay(r.day, r.profileId))}
                      data-testid={`st-row-${r.day}-${r.profileId}`}
                    >
                      <td className="mono">{days.day(r.day)}</td>
                      <td>
                        {r.profileName}
                        {r.scheduleFees > 0 && (
                          <sup className="mark" title={t('stScheduleNote')}>
                            *
                          </sup>
                        )}
                      </td>
                      <td className="num">{r.orders.toLocaleString()}</td>
                      {AMOUNT_COLUMNS.map((k) => (
                        <td key={k} className={`num${k === 'net' ? ' strong' : ''}${r[k] < 0 ? ' negative' : ''}`} data-col={k}>
                          {money(r[k])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-testid="st-total-row">
                    <th colSpan={2}>{t('stTotal')}</th>
                    <td className="num">{value.totals.orders.toLocaleString()}</td>
                    {AMOUNT_COLUMNS.map((k) => (
                      <td key={k} className={`num${value.totals[k] < 0 ? ' negative' : ''}`} data-col={k}>
                        {money(value.totals[k])}
                      </td>
                    ))}
                  </tr>
                  {value.gateways.length > 1 &&
                    value.gateways.map((g) => (
                      <tr key={g.gateway} data-testid={`st-gateway-row-${g.gateway}`}>
                        <th colSpan={2} className="muted">
                          {t('stGatewayTotals')} · {gatewayLabel(gateways, g.gateway, lang)}
                        </th>
                        <td className="num">{g.orders.toLocaleString()}</td>
                        {AMOUNT_COLUMNS.map((k) => (
                          <td key={k} className={`num${g[k] < 0 ? ' negative' : ''}`} data-col={k}>
                            {money(g[k])}
                          </td>
                        ))}
                      </tr>
                    ))}
                </tfoot>
              </table>
            )}
            {value.rows.some((r) => r.scheduleFees > 0) && <p className="muted small rules">* {t('stScheduleNote')}</p>}
            <p className="muted small rules">{t('stRules')}</p>
          </div>
          {value.adjustments.length > 0 && (
            <div className="panel table-panel" data-testid="st-adjustments">
              <div className="panel-head">
                <h2>{t('stAdjustmentsTitle')}</h2>
              </div>
              <table className="data-table compact">
                <thead>
                  <tr>
                    <th>{t('stBookedOn')}</th>
                    <th>{t('stHappenedOn')}</th>
                    <th>{t('colProfile')}</th>
                    <th>{t('colOrderNo')}</th>
                    <th>{t('stWhat')}</th>
                    <th className="num">{t('colAmount')}</th>
                    <th>{t('source')}</th>
                  </tr>
                </thead>
                <tbody>
                  {value.adjustments.map((a, i) => (
                    <tr key={i} title={fill(t('stAdjustmentWhy'), { day: a.eventDay, source: a.source })}>
                      <td className="mono">{a.bookedDay}</td>
                      <td className="mono">{a.eventDay}</td>
                      <td>{a.profileName}</td>
                      <td className="mono">{a.orderNo}</td>
                      <td>{ENTRY_KIND[a.kind] ? t(ENTRY_KIND[a.kind]!) : a.kind}</td>
                      <td className={`num${a.amount < 0 ? ' negative' : ''}`}>{a.kind === 'order' ? a.amount : money(a.amount)}</td>
                      <td className="mono">{a.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function DayPanel(props: { day: string; load: Load<DayOrders> | null; profile: string | null; lang: 'zh-TW' | 'en'; onClose: () => void }) {
  const t = useT();
  const { day, load, profile, lang } = props;
  const days = useDays();
  // The panel sits below a long table: bring it into view when a day is opened, or it opens off-screen.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [day, profile]);
  return (
    <div className="panel day-panel" data-testid="st-day-panel" ref={ref}>
      <div className="panel-head">
        <h2>
          {t('stDayOrders')} · <span className="mono">{days.day(day)}</span>
          {profile && <span className="muted"> · {profile}</span>}
        </h2>
        <button type="button" onClick={props.onClose}>
          {t('stClose')}
        </button>
      </div>
      {!load || load.status === 'loading' ? (
        <p className="muted">{t('loading')}</p>
      ) : load.status === 'error' ? (
        <p className="error-text">{load.message}</p>
      ) : (
        <>
          <table className="data-table compact" data-testid="st-day-orders">
            <thead>
              <tr>
                <th>{t('colTime')}</th>
                <th>{t('colProfile')}</th>
                <th>{t('colOrderNo')}</th>
                <th>{t('colStatus')}</th>
                <th className="num">{t('colAmount')}</th>
                <th className="num">{t('stCaptured')}</th>
                <th className="num">{t('stRefunded')}</th>
                <th className="num">{t('stFees')}</th>
                <th className="num">{t('stNet')}</th>
                <th>{t('stSettled')}</th>
              </tr>
            </thead>
            <tbody>
              {load.value.orders.map((o) => (
                <tr key={`${o.profile}-${o.orderNo}`}>
                  <td className="mono">{o.orderedAtMs === null ? '—' : formatTaipeiMs(o.orderedAtMs).slice(11)}</td>
                  <td>{o.profile}</td>
                  <td className="mono">{o.orderNo}</td>
                  <td>
                    <span className="status-code mono">{o.statusCode || '—'}</span> {lang === 'en' ? o.statusEn : o.statusZh}
                  </td>
                  <td className="num">{money(o.amount)}</td>
                  <td className="num">{money(o.captured)}</td>
                  <td className="num">{o.refunded ? money(o.refunded) : ''}</td>
                  <td className="num" title={o.feeSource === 'schedule' ? t('stBySchedule') : undefined}>
                    {o.fee ? money(o.fee) : ''}
                    {o.feeSource === 'schedule' && o.fee ? <sup className="mark">*</sup> : null}
                  </td>
                  <td className={`num${o.net < 0 ? ' negative' : ''}`}>{money(o.net)}</td>
                  <td>{o.settled ? t('stYes') : t('stNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {load.value.total > load.value.orders.length && <p className="muted small">{t('stShowingFirst').replace('{n}', String(load.value.orders.length))}</p>}
        </>
      )}
    </div>
  );
}
