import type { StatusMeta } from '../../src-main/contract/channels.ts';
import { useLang } from '../i18n.tsx';
import { gatewayLabel, useGateways } from '../useGateways.ts';

const TONE: Record<string, string> = {
  pending: 'tone-wait',
  authorized: 'tone-info',
  failed: 'tone-bad',
  cancelled: 'tone-muted',
  captured: 'tone-good',
  settled: 'tone-good-strong',
  refund_pending: 'tone-warn',
  refunded: 'tone-warn',
  refund_settled: 'tone-warn-strong',
  amount_mismatch: 'tone-bad',
};

/** A coloured badge for the normalized status, with the gateway's own code and name beside it. */
export function StatusBadge({
  gateway,
  status,
  code,
  meta,
  compact = false,
}: {
  gateway: string;
  status: string;
  code: string;
  meta: StatusMeta | undefined;
  /** Tables show the normalized label and the gateway's code; the gateway's own name is in the tooltip. */
  compact?: boolean;
}) {
  const { lang } = useLang();
  const gateways = useGateways();
  const n = meta?.normalized.find((s) => s.value === status);
  const g = gateways?.find((x) => x.name === gateway)?.statuses.find((s) => s.code === code);
  const own = g ? (lang === 'en' ? g.en : g.zh) : code || '—';
  return (
    <span className={`status ${TONE[status] ?? 'tone-muted'}`} title={`${gatewayLabel(gateways, gateway, 'zh')} ${code}: ${g?.zh ?? ''} ${g?.en ?? ''}`}>
      <span className="status-dot" aria-hidden="true" />
      {n ? (lang === 'en' ? n.en : n.zh) : status}
      <span className="status-code">
        {code || '—'} {!compact && own !== (n ? (lang === 'en' ? n.en : n.zh) : '') ? own : ''}
      </span>
    </span>
  );
}
