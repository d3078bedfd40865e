import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { JobProgress, OrderFilterRequest, OrderListRow, OrderTotalsResult, ProfileSummary } from '../../src-main/contract/channels.ts';
import { formatCents, parseAmountInput } from '../../src-main/contract/format.ts';
import { api } from '../api.ts';
import { presetRange } from '../dates.ts';
import { useHashParams } from '../hashState.ts';
import { useT } from '../i18n.tsx';
import { useStatusMeta } from '../useStatusMeta.ts';
import { QueryBar, type QueryState } from '../components/QueryBar.tsx';
import { OrdersTable, type SortKey } from '../components/OrdersTable.tsx';
import { OrderDrawer } from '../components/OrderDrawer.tsx';

const PAGE = 200;

function stateFromParams(p: URLSearchParams): QueryState & { sort: SortKey; dir: 'asc' | 'desc'; open: string | null } {
  const def = presetRange('last7');
  const sort = p.get('sort');
  return {
    from: p.get('from') ?? def.from,
    to: p.get('to') ?? def.to,
    profileId: p.get('profile') ? Number(p.get('profile')) : null,
    statuses: p.get('status')?.split(',').filter(Boolean) ?? [],
    minAmount: p.get('min') ?? '',
    maxAmount: p.get('max') ?? '',
    search: p.get('q') ?? '',
    sort: sort === 'amount' || sort === 'orderNo' || sort === 'status' ? sort : 'orderedAt',
    dir: p.get('dir') === 'asc' ? 'asc' : 'desc',
    open: p.get('open'),
  };
}

type Load = { status: 'loading' } | { status: 'ok' } | { status: 'error'; message: string };

export function OrdersPage() {
  const t = useT();
  const meta = useStatusMeta();
  const [params, setParams] = useHashParams('orders');
  const q = useMemo(() => stateFromParams(params), [params]);
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [rows, setRows] = useState<OrderListRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [totals, setTotals] = useState<OrderTotalsResult | null>(null);
  const [selected, setSelected] = useState<OrderListRow | null>(null);
  const [sync, setSync] = useState<JobProgress | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    api.profilesList({}).then(setProfiles, () => setProfiles([]));
  }, []);

  const filter = useMemo((): OrderFilterRequest | { invalid: string } => {
    const min = parseAmountInput(q.minAmount);
    const max = parseAmountInput(q.maxAmount);
    if (Number.isNaN(min) || Number.isNaN(max)) return { invalid: t('amountMin') };
    return {
      from: q.from,
      to: q.to,
      profileIds: q.profileId === null ? undefined : [q.profileId],
      statuses: q.statuses.length ? q.statuses : undefined,
      minAmount: min ?? undefined,
      maxAmount: max ?? undefined,
      search: q.search || undefined,
    };
  }, [q, t]);

  const reload = useCallback(() => {
    if ('invalid' in filter) return;
    const gen = ++generation.current;
    setLoad((l) => (l.status === 'ok' ? l : { status: 'loading' }));
    Promise.all([api.ordersList({ ...filter, sort: q.sort, dir: q.dir, limit: PAGE }), api.ordersTotals(filter)]).then(
      ([page, tot]) => {
        if (gen !== generation.current) return;
        setRows(page.rows);
        setCursor(page.nextCursor);
        setTotals(tot);
        setLoad({ status: 'ok' });
      },
      (err: unknown) => gen === generation.current && setLoad({ status: 'error', message: (err as Error).message }),
    );
  }, [filter, q.sort, q.dir]);

  useEffect(reload, [reload]);

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore || 'invalid' in filter) return;
    const gen = generation.current;
    setLoadingMore(true);
    api
      .ordersList({ ...filter, sort: q.sort, dir: q.dir, limit: PAGE, cursor })
      .then(
        (page) => {
          if (gen !== generation.current) return;
          setRows((r) => [...r, ...page.rows]);
          setCursor(page.nextCursor);
        },
        (err: unknown) => setLoad({ status: 'error', message: (err as Error).message }),
      )
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore, filter, q.sort, q.dir]);

  // Sync progress arrives as job events; the list refreshes when the job ends.
  useEffect(
    () =>
      api.onJobProgress((p) => {
        setSync((cur) => {
          if (!cur || cur.jobId !== p.jobId) return cur;
          if (p.state !== 'running') reload();
          return p;
        });
      }),
    [reload],
  );

  const startSync = async () => {
    const targets = (profiles ?? []).filter((p) => q.profileId === null || p.id === q.profileId);
    for (const p of targets) {
      try {
        const { jobId } = await api.syncStart({ profile: p.name, from: q.from, to: q.to });
        setSync({ jobId, kind: 'sync', state: 'running', done: 0, total: null, message: p.name, errors: [] });
      } catch (err) {
        setSync({ jobId: '', kind: 'sync', state: 'failed', done: 0, total: null, message: (err as Error).message, errors: [(err as Error).message] });
      }
    }
  };

  const onChange = useCallback(
    (patch: Partial<QueryState>) => {
      const u: Record<string, string | null> = {};
      if (patch.from !== undefined) u.from = patch.from;
      if (patch.to !== undefined) u.to = patch.to;
      if (patch.profileId !== undefined) u.profile = patch.profileId === null ? null : String(patch.profileId);
      if (patch.statuses !== undefined) u.status = patch.statuses.join(',');
      if (patch.minAmount !== undefined) u.min = patch.minAmount;
      if (patch.maxAmount !== undefined) u.max = patch.maxAmount;
      if (patch.search !== undefined) u.q = patch.search;
      setParams(u);
    },
    [setParams],
  );

  const onSort = (key: SortKey) => setParams({ sort: key, dir: q.sort === key && q.dir === 'desc' ? 'asc' : 'desc' });
  const openParts = q.open?.split(':');

  const syncButton = (
    <div className="sync-box">
      <button type="button" className="primary" onClick={startSync} disabled={sync?.state === 'running' || !profiles?.length}>
        {sync?.state === 'running' ? t('syncing') : t('syncRange')}
      </button>
      {sync && (
        <span role="status" className={`small ${sync.state === 'failed' || sync.errors.length ? 'error-text' : 'muted'}`} data-testid="sync-status">
          {sync.state === 'running'
            ? `${sync.done}${sync.total !== null ? `/${sync.total}` : ''} ${sync.message}`
            : sync.state === 'done' && sync.errors.length === 0
              ? `✓ ${t('syncDone')}: ${sync.message}`
              : `${t('syncFailed')}: ${sync.errors[0] ?? sync.message}`}
        </span>
      )}
      {sync?.state === 'running' && (
        <button type="button" onClick={() => void api.jobsCancel({ jobId: sync.jobId })}>
          {t('cancel')}
        </button>
      )}
    </div>
  );

  return (
    <section className="orders-page">
      <h1>{t('navOrders')}</h1>
      <QueryBar state={q} onChange={onChange} profiles={profiles ?? []} meta={meta} right={syncButton} />
      <div className="totals" aria-live="polite" data-testid="totals">
        {[
          ['totalsCount', totals ? totals.count.toLocaleString() : '—', 'count'],
          ['colAmount', totals ? formatCents(totals.amount, { grouped: true }) : '—', 'amount'],
          ['colCaptured', totals ? formatCents(totals.captured, { grouped: true }) : '—', 'captured'],
          ['colRefunded', totals ? formatCents(totals.refunded, { grouped: true }) : '—', 'refunded'],
          ['colFee', totals ? formatCents(totals.fee, { grouped: true }) : '—', 'fee'],
          ['colFeeReturned', totals ? formatCents(totals.feeReturned, { grouped: true }) : '—', 'feeReturned'],
        ].map(([label, value, key]) => (
          <div key={key} className="total">
            <div className="muted small">{t(label as 'colAmount')}</div>
            <div className="total-value" data-testid={`total-${key}`}>
              {value}
            </div>
          </div>
        ))}
      </div>
      <div className="orders-body">
        {'invalid' in filter ? (
          <div className="panel error" role="alert">
            {t('amountMin')} / {t('amountMax')}: 0–999,999,999.99
          </div>
        ) : load.status === 'error' ? (
          <div className="panel error" role="alert">
            <p>{load.message}</p>
            <button type="button" onClick={reload}>
              {t('retry')}
            </button>
          </div>
        ) : load.status === 'ok' && rows.length === 0 ? (
          <div className="panel empty" data-testid="orders-empty">
            <strong>{t('noOrders')}</strong>
            <p className="muted">{profiles?.length === 0 ? t('noProfilesHint') : t('noOrdersHint')}</p>
          </div>
        ) : (
          <OrdersTable
            rows={rows}
            meta={meta}
            hasMore={cursor !== null}
            loadingMore={loadingMore || load.status === 'loading'}
            onLoadMore={loadMore}
            sort={q.sort}
            dir={q.dir}
            onSort={onSort}
            selectedId={selected?.id ?? null}
            onSelect={setSelected}
            onOpen={(r) => {
              setSelected(r);
              setParams({ open: `${r.profileId}:${r.orderNo}` });
            }}
          />
        )}
        {openParts && openParts.length >= 2 && (
          <OrderDrawer
            key={q.open}
            profileId={Number(openParts[0])}
            orderNo={openParts.slice(1).join(':')}
            meta={meta}
            onClose={() => setParams({ open: null })}
            onChanged={reload}
          />
        )}
      </div>
    </section>
  );
}
