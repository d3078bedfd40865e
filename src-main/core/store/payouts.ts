// The settled money of each order per booking day, the rows the payouts view groups (services/payouts.ts).
import type { Cents } from '../money.ts';
import type { TaipeiDay } from '../time.ts';
import type { Db } from './db.ts';
import { type OrderFilter, buildWhere, cachedStatement } from './order-queries.ts';

export interface PayoutOrderRow {
  day: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: string;
  orderNo: string;
  amount: Cents;
}

/** Each order's settled money per booking day in from..to, for the filter's profiles, oldest first. */
export function selectPayoutOrders(db: Db, filter: Pick<OrderFilter, 'profileIds'>, range: { from: string; to: string }): PayoutOrderRow[] {
  const where = buildWhere(filter);
  const clause = `${where.sql ? `${where.sql} AND` : 'WHERE'} e.settled <> 0 AND e.booked_day >= @from AND e.booked_day <= @to`;
  return cachedStatement(
    db,
    `SELECT e.booked_day AS day, e.profile_id AS profileId, p.name AS profileName, p.gateway AS gateway, o.order_no AS orderNo, SUM(e.settled) AS amount
     FROM money_entries e JOIN orders o ON o.id = e.order_id JOIN profiles p ON p.id = e.profile_id ${clause}
     GROUP BY e.booked_day, e.profile_id, e.order_id, o.id, p.id HAVING SUM(e.settled) <> 0
     ORDER BY e.booked_day, p.name, o.order_no`,
  ).all({ ...where.params, ...range }) as PayoutOrderRow[];
}
