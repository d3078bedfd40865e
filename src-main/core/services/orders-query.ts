// Reading the order cache: filters over Taipei days, profile, status (normalized or the gateway's own
// code), with keyset paging on (ordered_at, id) so deep pages cost the same as the first.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { isNormalizedStatus } from '../gateways/status.ts';
import type { OrderRow } from '../store/orders.ts';
import { type TaipeiDay, taipeiRangeMs } from '../time.ts';

export interface OrderFilter {
  profileIds?: number[];
  from?: TaipeiDay;
  to?: TaipeiDay;
  /** Normalized statuses ('captured') and/or gateway codes ('flashpay:03', 'firstbank:2'). */
  statuses?: string[];
}

export interface OrderWithProfile extends OrderRow {
  profile_name: string;
}

export function buildWhere(filter: OrderFilter): { sql: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.profileIds?.length) {
    clauses.push(`o.profile_id IN (${filter.profileIds.map((_, i) => `@p${i}`).join(', ')})`);
    filter.profileIds.forEach((id, i) => (params[`p${i}`] = id));
  }
  if (filter.from || filter.to) {
    const { startMs, endMs } = taipeiRangeMs(filter.from ?? '1970-01-01', filter.to ?? '9999-12-31');
    clauses.push('o.ordered_at_ms >= @startMs AND o.ordered_at_ms < @endMs');
    params.startMs = startMs;
    params.endMs = endMs;
  }
  if (filter.statuses?.length) {
    const parts: string[] = [];
    filter.statuses.forEach((s, i) => {
      const m = /^(flashpay|firstbank):(.+)$/.exec(s);
      if (m) {
        parts.push(`(o.gateway = @sg${i} AND o.status_code = @sc${i})`);
        params[`sg${i}`] = m[1];
        params[`sc${i}`] = m[2];
      } else if (isNormalizedStatus(s)) {
        parts.push(`o.status = @sn${i}`);
        params[`sn${i}`] = s;
      } else {
        throw new InputError(`unknown status ${JSON.stringify(s)}: use a normalized status (e.g. captured) or gateway:code (e.g. flashpay:03)`);
      }
    });
    clauses.push(`(${parts.join(' OR ')})`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Every order matching the filter, newest first (for the CLI and exports; the UI pages). */
export function* iterateOrders(app: App, filter: OrderFilter): Generator<OrderWithProfile> {
  const { sql, params } = buildWhere(filter);
  const stmt = app.db.prepare(
    `SELECT o.*, p.name AS profile_name FROM orders o JOIN profiles p ON p.id = o.profile_id ${sql}
     ORDER BY o.ordered_at_ms DESC, o.id DESC`,
  );
  yield* stmt.iterate(params) as IterableIterator<OrderWithProfile>;
}
