import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { OrderListRow, StatusMeta } from '../../src-main/contract/channels.ts';
import { cardLabel, formatCents } from '../../src-main/contract/format.ts';
import { useDays } from '../dayStyle.tsx';
import type { OrderSortKey, SortDir } from '../../src-main/contract/vocabulary.ts';
import { type StringKey, useT } from '../i18n.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export type SortKey = OrderSortKey;

const ROW_HEIGHT = 36;
/** How far End loads pages before it stops (the rows a clerk can still scroll through usefully). */
const END_CAP = 20_000;
const OVERSCAN = 12;

interface Column {
  key: string;
  label: StringKey;
  width: string;
  sort?: SortKey;
  align?: 'right';
  /** The narrowest it may be (px). */
  min: number;
  /** Lower goes first when the grid is too narrow for every column; absent: always shown. Keeps the
   *  order number and amounts whole at 1024 px wide. */
  drop?: number;
  render: (r: OrderListRow, meta: StatusMeta | undefined) => React.ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'time', label: 'colTime', width: '128px', min: 128, sort: 'orderedAt', render: (r) => <TimeCell ms={r.orderedAtMs} /> },
  { key: 'profile', label: 'colProfile', width: 'minmax(80px, 0.7fr)', min: 80, drop: 7, render: (r) => r.profile },
  { key: 'orderNo', label: 'colOrderNo', width: 'minmax(156px, 1fr)', min: 156, sort: 'orderNo', render: (r) => <span className="mono">{r.orderNo}</span> },
  { key: 'gatewayNo', label: 'colGatewayNo', width: 'minmax(100px, 1fr)', min: 100, drop: 1, render: (r) => <span className="mono muted">{r.gatewayOrderNo ?? '—'}</span> },
  { key: 'status', label: 'colStatus', width: 'minmax(130px, 1.2fr)', min: 130, sort: 'status', render: (r, meta) => <StatusBadge gateway={r.gateway} status={r.status} code={r.statusCode} meta={meta} compact /> },
  { key: 'amount', label: 'colAmount', width: '100px', min: 100, sort: 'amount', align: 'right', render: (r) => formatCents(r.amount, { grouped: true }) },
  { key: 'captured', label: 'colCaptured', width: '100px', min: 100, drop: 6, align: 'right', render: (r) => formatCents(r.captured, { grouped: true }) },
  { key: 'refunded', label: 'colRefunded', width: '88px', min: 88, drop: 5, align: 'right', render: (r) => (r.refunded ? formatCents(r.refunded, { grouped: true }) : '') },
  { key: 'fee', label: 'colFee', width: '72px', min: 72, drop: 3, align: 'right', render: (r) => (r.fee ? formatCents(r.fee, { grouped: true }) : '') },
  { key: 'card', label: 'colCard', width: '140px', min: 140, drop: 4, render: (r) => <CardCell card={r.card} /> },
  { key: 'auth', label: 'colAuth', width: '64px', min: 64, drop: 2, render: (r) => <span className="mono">{r.authCode ?? ''}</span> },
];

function TimeCell({ ms }: { ms: number | null }) {
  const days = useDays();
  return <>{ms === null ? '—' : days.gridMinute(ms)}</>;
}

function CardCell({ card }: { card: string | null }) {
  const t = useT();
  const label = cardLabel(card);
  return label ? <span className="mono" title={card ?? ''}>{label}</span> : <span className="muted small">{t('cardNotReported')}</span>;
}

/** Row padding (12 px each side) and the 8 px gap between cells, as styles.css sets them. */
const ROW_PADDING = 24;
const GAP = 8;

/** Every column that fits `width`, dropping the lowest `drop` first. */
function fitColumns(width: number): Column[] {
  const shown = [...COLUMNS];
  const need = () => ROW_PADDING + shown.reduce((n, c) => n + c.min, 0) + GAP * (shown.length - 1);
  const droppable = COLUMNS.filter((c) => c.drop !== undefined).sort((a, b) => a.drop! - b.drop!);
  for (const c of droppable) {
    if (need() <= width) break;
    shown.splice(shown.indexOf(c), 1);
  }
  return shown;
}

export interface OrdersTableProps {
  rows: OrderListRow[];
  /** Rows of the whole filtered set (the totals' count), of which `rows` are the pages loaded so far. */
  totalCount: number | null;
  meta: StatusMeta | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  sort: SortKey;
  dir: SortDir;
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
  const [width, setWidth] = useState(1400);
  const columns = fitColumns(width);
  const GRID = columns.map((c) => c.width).join(' ');

  // Measured before the first paint, so a narrow window never shows the full set of columns first.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setWidth(el.clientWidth);
    // The header row sits inside the scroller (sticky): the rows' viewport is what is below it.
    const ro = new ResizeObserver(() => {
      setHeight(Math.max(ROW_HEIGHT, el.clientHeight - ROW_HEIGHT));
      setWidth(el.clientWidth);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Ask for the next keyset page as the end comes into view.
  useEffect(() => {
    const lastVisible = Math.ceil((scrollTop + height) / ROW_HEIGHT);
    if (hasMore && !loadingMore && lastVisible + OVERSCAN * 2 >= rows.length) onLoadMore();
  }, [scrollTop, height, rows.length, hasMore, loadingMore, onLoadMore]);

  const selectedIndex = rows.findIndex((r) => r.id === props.selectedId);

  // End goes to the last order, not the last loaded row: pages load until the end (up to END_CAP rows,
  // beyond which reversing the sort is the faster way to the oldest orders).
  const [seekingEnd, setSeekingEnd] = useState(false);
  useEffect(() => {
    if (!seekingEnd || loadingMore) return;
    if (hasMore && rows.length < END_CAP) {
      onLoadMore();
      return;
    }
    setSeekingEnd(false);
    const lastRow = rows.at(-1);
    if (!lastRow) return;
    props.onSelect(lastRow);
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [seekingEnd, loadingMore, hasMore, rows, onLoadMore, props]);

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
      else if (e.key === 'End') {
        next = rows.length - 1;
        if (hasMore) setSeekingEnd(true);
      }
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
    [rows, selectedIndex, height, props, hasMore],
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
        aria-colcount={columns.length}
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
            {columns.map((c) => (
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
                onClick={() => props.onOpen(r)}
                data-order-no={r.orderNo}
              >
                {columns.map((c) => (
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
