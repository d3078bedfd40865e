import { useEffect, useRef, useState } from 'react';
import type { OrderDetailResult, StatusMeta } from '../../src-main/contract/channels.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { useDays } from '../dayStyle.tsx';
import { api } from '../api.ts';
import { useLang, useT } from '../i18n.tsx';
import { useAsync } from '../useAsync.ts';
import { CopyButton } from './CopyButton.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { useFocusTrap } from './useFocusTrap.ts';
import { gatewayLabel, useGateways } from '../useGateways.ts';
import { useCan } from '../session.tsx';

function prettyJson(text: string | null): string {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function OrderDrawer({
  profileId,
  orderNo,
  meta,
  onClose,
  onChanged,
  actions,
}: {
  profileId: number;
  orderNo: string;
  meta: StatusMeta | undefined;
  onClose: () => void;
  onChanged: () => void;
  actions?: (detail: OrderDetailResult, reload: () => void) => React.ReactNode;
}) {
  const t = useT();
  const may = useCan();
  const days = useDays();
  const { lang } = useLang();
  const gateways = useGateways();
  const [override, setOverride] = useState<OrderDetailResult | null>(null);
  const detail = useAsync(() => api.ordersGet({ profileId, orderNo }), [profileId, orderNo]);
  const [requery, setRequery] = useState<{ state: 'idle' | 'busy' } | { state: 'done'; message: string; ok: boolean }>({ state: 'idle' });
  const drawerRef = useRef<HTMLElement>(null);
  useEffect(() => {
    setOverride(null);
    setRequery({ state: 'idle' });
  }, [profileId, orderNo]);
  // Focus moves into the drawer (not onto a button a stray key could press), stays there while it is
  // open, and goes back to the row or button that opened it on Escape or close.
  useFocusTrap(drawerRef, onClose);

  const d = override ?? (detail.status === 'ok' ? detail.value : null);
  const acceptAnomaly = (id: number) => {
    const note = window.prompt(t('anomalyAcceptNote'));
    if (!note?.trim()) return;
    api.anomaliesAccept({ id, note }).then(
      () =>
        api.ordersGet({ profileId, orderNo }).then((fresh) => {
          setOverride(fresh);
          onChanged();
        }),
      (err: unknown) => setRequery({ state: 'done', ok: false, message: (err as Error).message }),
    );
  };
  const runRequery = async () => {
    setRequery({ state: 'busy' });
    try {
      const r = await api.ordersRequery({ profileId, orderNo });
      setOverride(r.detail);
      setRequery({ state: 'done', ok: true, message: r.outcome === 'unchanged' ? t('unchanged') : t('requeried') });
      onChanged();
    } catch (err) {
      setRequery({ state: 'done', ok: false, message: (err as Error).message });
    }
  };

  return (
    <aside className="drawer" role="dialog" aria-modal="true" aria-label={`${t('detail')} ${orderNo}`} data-testid="order-drawer" ref={drawerRef} tabIndex={-1}>
      <header className="drawer-head">
        <div>
          <div className="muted small">{t('detail')}</div>
          <h2 className="mono">
            {orderNo} <CopyButton text={orderNo} />
          </h2>
        </div>
        <button type="button" onClick={onClose} aria-label={t('close')}>
          ✕
        </button>
      </header>
      {detail.status === 'error' && !override && (
        <p role="alert" className="error-text">
          {detail.message}
        </p>
      )}
      {!d && detail.status === 'loading' && <p className="muted">{t('loading')}</p>}
      {d && (
        <div className="drawer-body">
          <div className="drawer-status">
            <StatusBadge gateway={d.order.gateway} status={d.order.status} code={d.order.statusCode} meta={meta} />
            <span className={d.order.verified ? 'ok-text small' : 'error-text small'}>{d.order.verified ? `✓ ${t('verified')}` : t('notVerified')}</span>
          </div>
          {d.anomalies
            .filter((a) => a.state === 'open')
            .map((a) => (
              <div key={a.id} className="panel error" role="alert" data-testid="detail-anomaly">
                <strong>{t('anomalyFlag')}</strong>
                <ul>
                  {a.reasons.map((r) => (
                    <li key={r.code}>{lang === 'en' ? r.en : r.zh}</li>
                  ))}
                </ul>
                <p className="small mono">
                  {a.answer.statusCode} · {a.answer.amount === null ? '—' : formatCents(a.answer.amount, { grouped: true })} / {formatCents(a.answer.captured, { grouped: true })} /{' '}
                  {formatCents(a.answer.refunded, { grouped: true })}
                </p>
                {may('anomalies:accept') && (
                  <button type="button" onClick={() => acceptAnomaly(a.id)}>
                    {t('anomalyAccept')}
                  </button>
                )}
              </div>
            ))}
          <dl className="facts money">
            <dt>{t('colAmount')}</dt>
            <dd data-testid="detail-amount">{formatCents(d.order.amount, { grouped: true })}</dd>
            <dt>{t('colCaptured')}</dt>
            <dd>{formatCents(d.order.captured, { grouped: true })}</dd>
            <dt>{t('colRefunded')}</dt>
            <dd>{formatCents(d.order.refunded, { grouped: true })}</dd>
            <dt>{t('capturable')}</dt>
            <dd>{formatCents(d.order.capturable, { grouped: true })}</dd>
            <dt>{t('refundable')}</dt>
            <dd>{formatCents(d.order.refundable, { grouped: true })}</dd>
            <dt>{t('colFee')}</dt>
            <dd data-testid="detail-fee">
              {formatCents(d.order.fee, { grouped: true })} <span className="muted small">({t(d.order.feeSource === 'schedule' ? 'feeBySchedule' : 'feeByGateway')})</span>
            </dd>
            <dt>{t('colFeeReturned')}</dt>
            <dd>{formatCents(d.order.feeReturned, { grouped: true })}</dd>
            <dt>{t('shipping')}</dt>
            <dd>{formatCents(d.order.shipping, { grouped: true })}</dd>
          </dl>
          <dl className="facts">
            <dt>{t('colTime')}</dt>
            <dd>{d.order.orderedAtMs === null ? '—' : `${days.time(d.order.orderedAtMs)} (UTC+8)`}</dd>
            <dt>{t('colProfile')}</dt>
            <dd>
              {d.order.profile} · {gatewayLabel(gateways, d.order.gateway, 'zh')}
            </dd>
            <dt>{t('colGatewayNo')}</dt>
            <dd className="mono">
              {d.order.gatewayOrderNo ?? '—'} {d.order.gatewayOrderNo && <CopyButton text={d.order.gatewayOrderNo} />}
            </dd>
            <dt>{t('colAuth')}</dt>
            <dd className="mono">{d.order.authCode ?? '—'}</dd>
            <dt>{t('card')}</dt>
            <dd className="mono">{d.order.card ?? '—'}</dd>
            <dt>{t('payType')}</dt>
            <dd>{d.order.payType ?? '—'}</dd>
            <dt>{t('installments')}</dt>
            <dd>{d.order.installments || '—'}</dd>
            <dt>{t('bonus')}</dt>
            <dd>{d.order.bonus ? t('yes') : t('no')}</dd>
            <dt>{t('lastUpdate')}</dt>
            <dd>
              {days.time(d.order.updatedAtMs)} · {t('source')} {d.order.source}
            </dd>
          </dl>
          <div className="drawer-actions">
            {may('orders:requery') && (
              <button type="button" onClick={runRequery} disabled={requery.state === 'busy'}>
                {requery.state === 'busy' ? t('requerying') : t('requery')}
              </button>
            )}
            {actions?.(d, () => void runRequery())}
            {requery.state === 'done' && (
              <span role="status" className={requery.ok ? 'ok-text' : 'error-text'}>
                {requery.message}
              </span>
            )}
          </div>
          <h3>{t('history')}</h3>
          <table className="mini-table">
            <thead>
              <tr>
                <th>{t('colTime')}</th>
                <th>{t('colStatus')}</th>
                <th className="num">{t('colCaptured')}</th>
                <th className="num">{t('colRefunded')}</th>
                <th className="num">{t('colFee')}</th>
                <th>{t('source')}</th>
              </tr>
            </thead>
            <tbody>
              {d.history.map((h, i) => (
                <tr key={i}>
                  <td>{days.time(h.atMs)}</td>
                  <td>
                    <StatusBadge gateway={d.order.gateway} status={h.status} code={h.statusCode} meta={meta} />
                  </td>
                  <td className="num">{formatCents(h.captured, { grouped: true })}</td>
                  <td className="num">{formatCents(h.refunded, { grouped: true })}</td>
                  <td className="num">{formatCents(h.fee, { grouped: true })}</td>
                  <td className="mono">{h.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('rawPayload')}</h3>
          {/* Focusable, so a keyboard can scroll a payload taller than its box. translate="no": the
              gateway's own words, shown as they came (and never machine-translated). */}
          <pre className="code" data-testid="detail-payload" tabIndex={0} role="region" aria-label={t('rawPayload')} translate="no">
            {prettyJson(d.payload)}
          </pre>
          {d.raw && (
            <details>
              <summary>
                {t('rawAnswer')} · {d.raw.operation} · {days.time(d.raw.atMs)} · {d.raw.verified ? `✓ ${t('verified')}` : t('notVerified')}
                {d.raw.truncated ? ` ${t('truncated')}` : ''}
              </summary>
              <pre className="code wrap" tabIndex={0} role="region" aria-label={t('rawAnswer')} translate="no">
                {d.raw.text}
              </pre>
            </details>
          )}
        </div>
      )}
    </aside>
  );
}
