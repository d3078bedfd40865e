// Payouts (撥款): per payout day and profile, what the gateway settled, with the orders behind it, so
// finance can tick off each bank deposit. The figures are `recon payouts`'s (one function in the core).
import { Fragment, useEffect, useState } from 'react';
import type { ProfileSummary, ResultOf } from '../../src-main/contract/channels.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { api } from '../api.ts';
import { useHashParams } from '../hashState.ts';
import { type StringKey, useLang, useT } from '../i18n.tsx';
import { type Preset, PRESETS, matchPreset, presetRange } from '../dates.ts';
import { gatewayLabel, useGateways } from '../useGateways.ts';
import { useDays } from '../dayStyle.tsx';
import { DateField } from '../components/DateField.tsx';

type Payouts = ResultOf<'payouts:list'>;
type Load<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; message: string };

const money = (cents: number) => formatCents(cents, { grouped: true });
const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
const PAYOUT_PRESETS = PRESETS.filter((p) => p === 'yesterday' || p === 'thisWeek' || p === 'thisMonth' || p === 'lastMonth') as Array<Exclude<Preset, 'custom'>>;
const PRESET_LABEL: Partial<Record<Preset, StringKey>> = {
  yesterday: 'presetYesterday',
  thisWeek: 'presetThisWeek',
  thisMonth: 'presetThisMonth',
  lastMonth: 'presetLastMonth',
};

export function PayoutsPage() {
  const t = useT();
  const { lang } = useLang();
  const described = useGateways();
  const days = useDays();
  const [params, setParams] = useHashParams('payouts');
  const profileId = params.get('profile') ? Number(params.get('profile')) : null;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const [profiles, setProfiles] = useState<ProfileSummary[]>([]);
  const [load, setLoad] = useState<Load<Payouts>>({ status: 'loading' });
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    api.profilesList({}).then(setProfiles, () => setProfiles([]));
  }, []);

  useEffect(() => {
    let live = true;
    setLoad((l) => (l.status === 'ok' ? l : { status: 'loading' }));
    api.payoutsList({ from, to, profileIds: profileId === null ? undefined : [profileId] }).then(
      (value) => live && setLoad({ status: 'ok', value }),
      (err: unknown) => live && setLoad({ status: 'error', message: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [from, to, profileId]);

  const value = load.status === 'ok' ? load.value : null;
  const shownFrom = from ?? value?.from ?? '';
  const shownTo = to ?? value?.to ?? '';
  const preset = shownFrom && shownTo ? matchPreset(shownFrom, shownTo) : 'custom';
  const gatewayName = (g: string) => gatewayLabel(described, g, lang);
  const pendingTotal = value ? value.payouts.filter((p) => p.pending).reduce((s, p) => s + p.amount, 0) : 0;
  const gateways = value ? [...new Set(value.payouts.map((p) => p.gateway))] : [];

  return (
    <section className="payouts-page">
      <div className="page-head">
        <div>
          <h1>{t('navPayouts')}</h1>
          <p className="muted small">{t('poSubtitle')}</p>
        </div>
      </div>
      <div className="query-bar">
        <div className="query-row">
          <div className="segmented" role="radiogroup" aria-label={t('taipeiDays')}>
            {PAYOUT_PRESETS.map((p) => (
              <button key={p} type="button" role="radio" aria-checked={preset === p} className={preset === p ? 'on' : ''} onClick={() => setParams(presetRange(p))} data-testid={`po-preset-${p}`}>
                {t(PRESET_LABEL[p]!)}
              </button>
            ))}
          </div>
          <label className="inline">
            {t('dateFrom')}
            <DateField value={shownFrom} max={shownTo} onChange={(day) => day && setParams({ from: day, to: shownTo })} label={t('dateFrom')} testId="po-from" />
          </label>
          <label className="inline">
            {t('dateTo')}
            <DateField value={shownTo} min={shownFrom} onChange={(day) => day && setParams({ to: day, from: shownFrom })} label={t('dateTo')} testId="po-to" />
          </label>
          <span className="muted small">{t('taipeiDays')}</span>
          <select value={profileId ?? ''} onChange={(e) => setParams({ profile: e.target.value || null })} aria-label={t('colProfile')} data-testid="po-profile">
            <option value="">{t('allProfiles')}</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {load.status === 'error' ? (
        <div className="panel error" role="alert">
          {load.message}
        </div>
      ) : !value ? (
        <div className="panel muted">{t('loading')}</div>
      ) : (
        <>
          <div className="totals payout-totals" data-testid="po-totals" title={t('poNet')}>
            <div className="total total-key">
              <div className="muted small">{t('poTotal')}</div>
              <div className={`total-value${value.total < 0 ? ' negative' : ''}`} data-testid="po-total">
                {money(value.total)}
              </div>
            </div>
            <div className="total">
              <div className="muted small">{t('poPendingTotal')}</div>
              <div className="total-value" data-testid="po-pending-total">
                {money(pendingTotal)}
              </div>
            </div>
            <div className="total">
              <div className="muted small">{t('poCount')}</div>
              <div className="total-value">{value.payouts.length.toLocaleString()}</div>
            </div>
          </div>
          <div className="panel table-panel">
            {value.payouts.length === 0 ? (
              <p className="muted">{t('poNoRows')}</p>
            ) : (
              <table className="data-table payout-table" data-testid="po-table">
                <thead>
                  <tr>
                    <th>{t('poDay')}</th>
                    <th>{t('colProfile')}</th>
                    <th>{t('poGateway')}</th>
                    <th className="num">{t('poOrders')}</th>
                    <th className="num">{t('poAmount')}</th>
                    <th>{t('poState')}</th>
                    <th>{t('poDetails')}</th>
                  </tr>
                </thead>
                <tbody>
                  {value.payouts.map((p) => {
                    const key = `${p.day}-${p.profileId}`;
                    const isOpen = open === key;
                    return (
                      <Fragment key={key}>
                        <tr className={isOpen ? 'selected' : ''} data-testid={`po-row-${key}`}>
                          <td className="mono">{days.day(p.day)}</td>
                          <td>{p.profileName}</td>
                          <td>{gatewayName(p.gateway)}</td>
                          <td className="num">{p.orders.length.toLocaleString()}</td>
                          <td className={`num strong${p.amount < 0 ? ' negative' : ''}`} data-col="amount">
                            {money(p.amount)}
                          </td>
                          <td>{p.pending ? <span className="badge">{t('poPending')}</span> : t('poSettled')}</td>
                          <td>
                            <button type="button" className="link-button" aria-expanded={isOpen} aria-controls={`po-orders-${key}`} onClick={() => setOpen(isOpen ? null : key)} data-testid={`po-toggle-${key}`}>
                              {isOpen ? t('poHideOrders') : fill(t('poShowOrders'), { n: p.orders.length.toLocaleString() })}
                            </button>
                          </td>
                        </tr>
                        {isOpen && (
                          <tr className="payout-orders-row">
                            <td colSpan={7}>
                              <table className="data-table compact" id={`po-orders-${key}`} data-testid="po-orders">
                                <caption className="muted small">{fill(t('poOrdersOf'), { day: p.day, profile: p.profileName })}</caption>
                                <thead>
                                  <tr>
                                    <th>{t('colOrderNo')}</th>
                                    <th className="num">{t('poAmount')}</th>
                                  </tr>
                                </thead>
                                <tbody>
                                  {p.orders.map((o) => (
                                    <tr key={o.orderNo}>
                                      <td className="mono">{o.orderNo}</td>
                                      <td className={`num${o.amount < 0 ? ' negative' : ''}`}>{money(o.amount)}</td>
                                    </tr>
                                  ))}
                                </tbody>
                              </table>
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            )}
            <p className="muted small rules">{t('poNet')}</p>
            {(described ?? []).filter((g) => !gateways.length || gateways.includes(g.name)).map((g) => (
              <p key={g.name} className="muted small rules" data-testid={`po-rule-${g.name}`}>
                {lang === 'en' ? g.payoutRule.en : g.payoutRule.zh}
              </p>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
