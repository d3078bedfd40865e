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

/**
 * A coloured badge: the colour says the normalized status, the words are the gateway's own name for
 * its code (from the seeds: ZF is 授權失敗 on every screen), with the code beside it; the normalized
 * name is in the tooltip. One vocabulary for the grid, the drawer, the panels and the dialogs.
 */
export function StatusBadge({
  gateway,
  status,
  code,
  meta,
}: {
  gateway: string;
  status: string;
  code: string;
  meta: StatusMeta | undefined;
  /** Kept for callers: tables and panels show the same words now. */
  compact?: boolean;
}) {
  const { lang } = useLang();
  const gateways = useGateways();
  const n = meta?.normalized.find((s) => s.value === status);
  const g = gateways?.find((x) => x.name === gateway)?.statuses.find((s) => s.code === code);
  const normalized = n ? (lang === 'en' ? n.en : n.zh) : status;
  const own = g ? (lang === 'en' ? g.en : g.zh) : normalized;
  return (
    <span className={`status ${TONE[status] ?? 'tone-muted'}`} title={`${gatewayLabel(gateways, gateway, lang === 'en' ? 'en' : 'zh')} ${code}: ${own} (${normalized})`}>
      <span className="status-dot" aria-hidden="true" />
      {own}
      <span className="status-code">{code || '—'}</span>
    </span>
  );
}
