import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { JobProgress, OrderFilterRequest, OrderListRow, OrderTotalsResult, ProfileSummary } from '../../src-main/contract/channels.ts';
import { formatCents, parseAmountInput } from '../../src-main/contract/format.ts';
import { type SortDir, orderSortKey } from '../../src-main/contract/vocabulary.ts';
import { api } from '../api.ts';
import { presetRange } from '../dates.ts';
import { useHashParams } from '../hashState.ts';
import { fill, useT } from '../i18n.tsx';
import { useStatusMeta } from '../useStatusMeta.ts';
import { jobErrorTexts, mergeProgress } from '../jobState.ts';
import { useDays } from '../dayStyle.tsx';
import { QueryBar, type QueryState } from '../components/QueryBar.tsx';
import { OrdersTable, type SortKey } from '../components/OrdersTable.tsx';
import { OrderDrawer } from '../components/OrderDrawer.tsx';
import { ActionButton } from '../components/ActionDialog.tsx';
import { ExportBox, ExportStatus, useExport } from '../components/ExportControls.tsx';
import { textOf } from '../../src-main/contract/messages/render.ts';
import { useCan } from '../session.tsx';

const PAGE = 200;

/** Jobs whose end changes what the orders page shows: it refreshes when one of them finishes. */
const DATA_JOBS = new Set<JobProgress['kind']>(['sync', 'demo', 'reconcile', 'action']);

function stateFromParams(p: URLSearchParams): QueryState & { sort: SortKey; dir: SortDir; open: string | null } {
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
    searchInRange: p.get('sr') === '1',
    sort: orderSortKey.options.find((k) => k === sort) ?? 'orderedAt',
    dir: p.get('dir') === 'asc' ? 'asc' : 'desc',
    open: p.get('open'),
  };
}

type Load = { status: 'loading' } | { status: 'ok' } | { status: 'error'; message: string };

export function OrdersPage() {
  const t = useT();
  const may = useCan();
  const meta = useStatusMeta();
  const days = useDays();
  const [params, setParams] = useHashParams('orders');
  const q = useMemo(() => stateFromParams(params), [params]);
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [rows, setRows] = useState<OrderListRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [loadingMore, setLoadingMore] = useState(false);
  const [totals, setTotals] = useState<OrderTotalsResult | null>(null);
  const [selected, setSelected] = useState<OrderListRow | null>(null);
  // Sync jobs started from this page (one per profile), by id; progress events update them.
  const [syncJobs, setSyncJobs] = useState<Record<string, JobProgress>>({});
  const [syncError, setSyncError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    api.profilesList({}).then(setProfiles, () => setProfiles([]));
  }, []);

  const filter = useMemo((): OrderFilterRequest | { invalid: string } => {
    const min = parseAmountInput(q.minAmount);
    const max = parseAmountInput(q.maxAmount);
    if (Number.isNaN(min)) return { invalid: fill(t('amountNotANumber'), { v: q.minAmount }) };
    if (Number.isNaN(max)) return { invalid: fill(t('amountNotANumber'), { v: q.maxAmount }) };
    if (min !== null && max !== null && min > max) return { invalid: t('amountMinAboveMax') };
    // A search looks through every date (a customer calls about any month) unless the range is kept.
    const allDates = q.search.trim() !== '' && !q.searchInRange;
    return {
      from: allDates ? undefined : q.from,
      to: allDates ? undefined : q.to,
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

  // Sync progress arrives as job events; the list refreshes when the last job ends.
  const syncIds = useRef(new Map<string, string>());
  const mergeJob = useCallback(
    (p: JobProgress) => {
      if (!syncIds.current.has(p.jobId)) return;
      setSyncJobs((cur) => mergeProgress(cur, p));
    },
    [],
  );
  useEffect(() => api.onJobProgress(mergeJob), [mergeJob]);

  // Live page: any job that changes orders (a sync started elsewhere, the demo's first sync, an
  // import, an action from another window) refreshes the list when it ends, keeping the filters.
  const [otherJobs, setOtherJobs] = useState<Record<string, JobProgress>>({});
  const otherRef = useRef(otherJobs);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    const seen = (p: JobProgress) => {
      if (!DATA_JOBS.has(p.kind) || syncIds.current.has(p.jobId)) return;
      const was = otherRef.current[p.jobId];
      const next = mergeProgress(otherRef.current, p);
      if (next === otherRef.current) return;
      otherRef.current = next;
      setOtherJobs(next);
      if (p.state !== 'running' && (!was || was.state === 'running')) reloadRef.current();
    };
    const off = api.onJobProgress(seen);
    api.jobsList({}).then((list) => list.filter((j) => j.state === 'running').forEach(seen), () => {});
    return off;
  }, []);
  const backgroundRunning = Object.values(otherJobs).filter((j) => j.state === 'running' && (j.kind === 'sync' || j.kind === 'demo'));

  const startSync = async () => {
    const targets = (profiles ?? []).filter((p) => q.profileId === null || p.id === q.profileId);
    syncIds.current = new Map();
    setSyncJobs({});
    const started: Record<string, JobProgress> = {};
    const failures: string[] = [];
    for (const p of targets) {
      try {
        const { jobId } = await api.syncStart({ profile: p.name, from: q.from, to: q.to });
        syncIds.current.set(jobId, p.name);
        started[jobId] = { jobId, kind: 'sync', state: 'running', done: 0, total: null, message: p.name, errors: [], seq: 0 };
      } catch (err) {
        failures.push(`${p.name}: ${(err as Error).message}`);
      }
    }
    // Progress that arrived while the calls were in flight is newer than these placeholders.
    setSyncJobs((cur) => ({ ...started, ...cur }));
    // A short job can finish before its id reached us: take the current state from the list.
    for (const j of await api.jobsList({})) mergeJob(j);
    if (failures.length) setSyncError(failures.join('; '));
    else setSyncError(null);
  };
  const jobs = Object.values(syncJobs);
  const syncRunning = jobs.some((j) => j.state === 'running');
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !syncRunning) reload();
    wasRunning.current = syncRunning;
  }, [syncRunning, reload]);
  const errorsOf = (j: JobProgress) => jobErrorTexts(j, days.lang, days.style);
  const syncErrors = [...(syncError ? [syncError] : []), ...jobs.flatMap((j) => j.errors)];
  const jobName = (j: JobProgress) => syncIds.current.get(j.jobId) ?? '';
  // A finished sync's message belongs to the profile filter it ran for: switching profile clears it.
  const lastProfile = useRef(q.profileId);
  useEffect(() => {
    if (lastProfile.current === q.profileId) return;
    lastProfile.current = q.profileId;
    if (!syncRunning) {
      syncIds.current = new Map();
      setSyncJobs({});
      setSyncError(null);
    }
  }, [q.profileId, syncRunning]);

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
      if (patch.searchInRange !== undefined) u.sr = patch.searchInRange ? '1' : null;
      setParams(u);
    },
    [setParams],
  );

  const onSort = (key: SortKey) => setParams({ sort: key, dir: q.sort === key && q.dir === 'desc' ? 'asc' : 'desc' });
  const openParts = q.open?.split(':');

  const exp = useExport('orders');
  const syncButton = (
    <div className="sync-box">
      {may('export:start') && (
        <ExportBox exporting={exp.exporting} job={exp.job} disabled={'invalid' in filter || load.status !== 'ok'} onStart={() => !('invalid' in filter) && void exp.start(filter)} onCancel={exp.cancel} testId="orders-export" />
      )}
      {may('sync:start') && (
        <button type="button" className="primary" onClick={startSync} disabled={syncRunning || !profiles?.length}>
          {syncRunning ? t('syncing') : t('syncRange')}
        </button>
      )}
      {(jobs.length > 0 || syncError) && (
        <div role="status" className={`sync-status small ${syncErrors.length ? 'error-text' : 'muted'}`} data-testid="sync-status">
          {!syncRunning && <strong>{syncErrors.length === 0 ? `✓ ${t('syncDone')}` : `✗ ${t('syncFailed')}`}</strong>}
          <ul>
            {syncError && <li className="error-text">{syncError}</li>}
            {jobs.map((j) => (
              <li key={j.jobId} className={j.errors.length ? 'error-text' : ''} data-testid="sync-profile">
                {j.state === 'running'
                  ? fill(t('syncProgressOf'), { name: jobName(j), done: j.done, total: j.total ?? '…' })
                  : j.errors.length
                    ? `${fill(t('syncProfileFailed'), { name: jobName(j) })}: ${errorsOf(j).slice(0, 3).join('；')}${j.errors.length > 3 ? ` (+${j.errors.length - 3})` : ''}`
                    : `${fill(t('syncProfileDone'), { name: jobName(j) })} · ${textOf(j.messageMsg, j.message, days.lang, { dayStyle: days.style })}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {syncRunning && may('jobs:cancel') && (
        <button type="button" onClick={() => jobs.forEach((j) => j.state === 'running' && void api.jobsCancel({ jobId: j.jobId }))}>
          {t('cancel')}
        </button>
      )}
    </div>
  );

  return (
    <section className="orders-page">
      <h1>{t('navOrders')}</h1>
      <QueryBar state={q} onChange={onChange} profiles={profiles ?? []} meta={meta} right={syncButton} />
      {backgroundRunning.length > 0 && (
        <div className="panel info small" role="status" data-testid="sync-banner">
          {backgroundRunning.every((j) => j.total !== null)
            ? fill(t('syncRunningBanner'), { done: backgroundRunning.reduce((n, j) => n + j.done, 0), total: backgroundRunning.reduce((n, j) => n + (j.total ?? 0), 0) })
            : t('syncRunningBannerNoTotal')}
        </div>
      )}
      {(exp.started || exp.error) && <ExportStatus job={exp.job} started={exp.started} error={exp.error} testId="orders-export" />}
      <div className="totals" aria-live="polite" data-testid="totals">
        {[
          ['totalsCount', totals ? totals.count.toLocaleString() : '—', 'count'],
          ['colAmount', totals ? formatCents(totals.amount, { grouped: true }) : '—', 'amount'],
          ['colCaptured', totals ? formatCents(totals.captured, { grouped: true }) : '—', 'captured'],
          ['colRefunded', totals ? formatCents(totals.refunded, { grouped: true }) : '—', 'refunded'],
          ['colFee', totals ? formatCents(totals.fee, { grouped: true }) : '—', 'fee'],
          ['colFeeReturned', totals ? formatCents(totals.feeReturned, { grouped: true }) : '—', 'feeReturned'],
          ['stNet', totals ? formatCents(totals.net, { grouped: true }) : '—', 'net'],
        ].map(([label, value, key]) => (
          <div key={key} className="total">
            <div className="muted small">{t(label as 'colAmount')}</div>
            <div className="total-value" data-testid={`total-${key}`}>
              {value}
            </div>
          </div>
        ))}
      </div>
      {totals && totals.flagged > 0 && (
        <p className="panel error small" role="status" data-testid="totals-flagged">
          {t('anomalyFlagged').replace('{n}', totals.flagged.toLocaleString())}
        </p>
      )}
      <div className="orders-body">
        {'invalid' in filter ? (
          <div className="panel error" role="alert" data-testid="filter-error">
            {filter.invalid}
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
            <p className="muted">
              {profiles?.length === 0
                ? t('noProfilesHint')
                : q.search.trim()
                  ? fill(t(q.searchInRange ? 'noOrdersSearchRangeHint' : 'noOrdersSearchHint'), { q: q.search.trim(), from: q.from, to: q.to })
                  : t('noOrdersHint')}
            </p>
          </div>
        ) : (
          <OrdersTable
            rows={rows}
            totalCount={totals?.count ?? null}
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
            actions={(d, requery) =>
              may('actions:execute') && (
              <ActionButton
                profile={d.order.profile}
                orderNo={d.order.orderNo}
                hint={d.action}
                onDone={() => {
                  requery();
                  reload();
                }}
              />
            )
            }
          />
        )}
      </div>
    </section>
  );
}
