import { useCallback, useEffect, useRef, useState } from 'react';
import type { OrderListRow, StatusMeta } from '../../src-main/contract/channels.ts';
import { formatCents, formatTaipeiMs } from '../../src-main/contract/format.ts';
import { type StringKey, useT } from '../i18n.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export type SortKey = 'orderedAt' | 'amount' | 'orderNo' | 'status';

const ROW_HEIGHT = 36;
const OVERSCAN = 12;

interface Column {
  key: string;
  label: StringKey;
  width: string;
  sort?: SortKey;
  align?: 'right';
  render: (r: OrderListRow, meta: StatusMeta | undefined) => React.ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'time', label: 'colTime', width: '128px', sort: 'orderedAt', render: (r) => (r.orderedAtMs === null ? '—' : formatTaipeiMs(r.orderedAtMs).slice(0, 16)) },
  { key: 'profile', label: 'colProfile', width: 'minmax(70px, 0.7fr)', render: (r) => r.profile },
  { key: 'orderNo', label: 'colOrderNo', width: 'minmax(100px, 1fr)', sort: 'orderNo', render: (r) => <span className="mono">{r.orderNo}</span> },
  { key: 'gatewayNo', label: 'colGatewayNo', width: 'minmax(100px, 1fr)', render: (r) => <span className="mono muted">{r.gatewayOrderNo ?? '—'}</span> },
  { key: 'status', label: 'colStatus', width: 'minmax(130px, 1.2fr)', sort: 'status', render: (r, meta) => <StatusBadge gateway={r.gateway} status={r.status} code={r.statusCode} meta={meta} compact /> },
  { key: 'amount', label: 'colAmount', width: '92px', sort: 'amount', align: 'right', render: (r) => formatCents(r.amount, { grouped: true }) },
  { key: 'captured', label: 'colCaptured', width: '92px', align: 'right', render: (r) => formatCents(r.captured, { grouped: true }) },
  { key: 'refunded', label: 'colRefunded', width: '80px', align: 'right', render: (r) => (r.refunded ? formatCents(r.refunded, { grouped: true }) : '') },
  { key: 'fee', label: 'colFee', width: '64px', align: 'right', render: (r) => (r.fee ? formatCents(r.fee, { grouped: true }) : '') },
  { key: 'auth', label: 'colAuth', width: '64px', render: (r) => <span className="mono">{r.authCode ?? ''}</span> },
];

const GRID = COLUMNS.map((c) => c.width).join(' ');

export interface OrdersTableProps {
  rows: OrderListRow[];
  /** Rows of the whole filtered set (the totals' count), of which `rows` are the pages loaded so far. */
  totalCount: number | null;
  meta: StatusMeta | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  sort: SortKey;
  dir: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
  selectedId: number | null;
  onSelect: (row: OrderListRow) => void;
  onOpen: (row: OrderListRow) => void;
}

const rowId = (r: OrderListRow) => `order-row-${r.id}`;

/**
 * A virtualized ARIA grid: only the rows in view (plus a margin) are in the DOM, whatever the total.
 * The grid itself holds focus and points at the selected row with aria-activedescendant (a row that
 * scrolls out of the DOM cannot hold focus); aria-rowcount is the whole filtered set and each row
 * carries its aria-rowindex, so a screen reader says "row 1,204 of 3,810" on a row loaded late.
 */
export function OrdersTable(props: OrdersTableProps) {
  const t = useT();
  const { rows, hasMore, loadingMore, onLoadMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    // The header row sits inside the scroller (sticky): the rows' viewport is what is below it.
    const ro = new ResizeObserver(() => setHeight(Math.max(ROW_HEIGHT, el.clientHeight - ROW_HEIGHT)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Ask for the next keyset page as the end comes into view.
  useEffect(() => {
    const lastVisible = Math.ceil((scrollTop + height) / ROW_HEIGHT);
    if (hasMore && !loadingMore && lastVisible + OVERSCAN * 2 >= rows.length) onLoadMore();
  }, [scrollTop, height, rows.length, hasMore, loadingMore, onLoadMore]);

  const selectedIndex = rows.findIndex((r) => r.id === props.selectedId);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      // Keys pressed on a sort button in the header belong to that button.
      if (e.target !== e.currentTarget || rows.length === 0) return;
      let next: number;
      if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, selectedIndex + 1);
      else if (e.key === 'ArrowUp') next = Math.max(0, selectedIndex - 1);
      else if (e.key === 'PageDown') next = Math.min(rows.length - 1, selectedIndex + Math.floor(height / ROW_HEIGHT));
      else if (e.key === 'PageUp') next = Math.max(0, selectedIndex - Math.floor(height / ROW_HEIGHT));
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = rows.length - 1;
      else if ((e.key === 'Enter' || e.key === ' ') && selectedIndex >= 0) {
        // Without this, the same Enter would also "click" whatever the opened drawer focuses.
        e.preventDefault();
        props.onOpen(rows[selectedIndex]!);
        return;
      } else return;
      e.preventDefault();
      next = Math.max(0, next);
      props.onSelect(rows[next]!);
      const el = scroller.current;
      if (el) {
        const top = next * ROW_HEIGHT;
        const view = el.clientHeight - ROW_HEIGHT;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + ROW_HEIGHT > el.scrollTop + view) el.scrollTop = top + ROW_HEIGHT - view;
      }
    },
    [rows, selectedIndex, height, props],
  );

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(first, last);
  const active = selectedIndex >= first && selectedIndex < last ? rows[selectedIndex] : undefined;
  // Unknown while the totals load: -1 says so, rather than announcing the loaded pages as the total.
  const rowCount = props.totalCount === null ? -1 : Math.max(props.totalCount, rows.length) + 1;

  return (
    <div className="grid-table">
      <div
        className="grid-scroll"
        role="grid"
        aria-label={t('ordersGrid')}
        aria-rowcount={rowCount}
        aria-colcount={COLUMNS.length}
        aria-busy={loadingMore}
        aria-activedescendant={active ? rowId(active) : undefined}
        ref={scroller}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="orders-scroller"
      >
        <div className="grid-head" role="rowgroup">
          <div className="grid-head-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: GRID }}>
            {COLUMNS.map((c) => (
              <div key={c.key} role="columnheader" className={c.align === 'right' ? 'num' : ''} aria-sort={c.sort && props.sort === c.sort ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.sort ? (
                  <button type="button" className="sort" onClick={() => props.onSort(c.sort!)}>
                    {t(c.label)}
                    <span className="sort-mark" aria-hidden="true">
                      {props.sort === c.sort ? (props.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  t(c.label)
                )}
              </div>
            ))}
          </div>
        </div>
        <div className="grid-rows" role="rowgroup" style={{ height: rows.length * ROW_HEIGHT + (hasMore || loadingMore ? ROW_HEIGHT : 0) }}>
          {visible.map((r, i) => {
            const index = first + i;
            return (
              <div
                key={r.id}
                id={rowId(r)}
                role="row"
                aria-rowindex={index + 2}
                aria-selected={r.id === props.selectedId}
                className={`grid-row${r.id === props.selectedId ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
                style={{ gridTemplateColumns: GRID, transform: `translateY(${index * ROW_HEIGHT}px)` }}
                onClick={() => props.onSelect(r)}
                onDoubleClick={() => props.onOpen(r)}
                data-order-no={r.orderNo}
              >
                {COLUMNS.map((c) => (
                  <div key={c.key} role="gridcell" className={c.align === 'right' ? 'num' : ''}>
                    {c.render(r, props.meta)}
                  </div>
                ))}
              </div>
            );
          })}
          {(hasMore || loadingMore) && (
            <div className="grid-more muted" aria-hidden="true" style={{ transform: `translateY(${rows.length * ROW_HEIGHT}px)` }}>
              {t('loadingMore')}
            </div>
          )}
        </div>
      </div>
      {!hasMore && rows.length > 0 && (
        <div className="grid-foot muted small" data-testid="end-of-list">
          {t('endOfList')} · {rows.length.toLocaleString()}
        </div>
      )}
    </div>
  );
}
