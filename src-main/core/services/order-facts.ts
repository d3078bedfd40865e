// Per-order money facts (the Excel orders sheet, the settlement drill-down): the SQL lives in the store
// (store/order-facts.ts); these names stay importable from here.
export { AUTHORIZED_STATUSES, type FeeSource, type OrderFacts, orderFactsQuery, settledSql } from '../store/order-facts.ts';
