// The words core, shells and renderer share, each written once: core types are `z.infer` of these,
// the renderer lists their `.options`, and the contract validates with them. Adding a value here is the
// one change; the compiler then points at every `Record<…>` (labels, tones) that must name it.
import { z } from 'zod';

/** A money action's journal state; INTENT, SENT and UNKNOWN are open (one per order at a time). */
export const actionState = z.enum(['INTENT', 'SENT', 'UNKNOWN', 'SUCCEEDED', 'FAILED']);
export type ActionState = z.infer<typeof actionState>;
export const OPEN_ACTION_STATES = ['INTENT', 'SENT', 'UNKNOWN'] as const satisfies readonly ActionState[];

export const actionKind = z.enum(['cancel', 'refund']);
/** A two-person approval request (issue #23): waiting, then decided once, or expired unread. */
export const approvalState = z.enum(['PENDING', 'APPROVED', 'REJECTED', 'EXPIRED']);
export type ApprovalState = z.infer<typeof approvalState>;
export type ActionKind = z.infer<typeof actionKind>;

/** The outcome an audit entry records. */
export const auditOutcome = z.enum(['refused', 'intent', 'sent', 'succeeded', 'failed', 'unknown', 'info']);
export type AuditOutcome = z.infer<typeof auditOutcome>;

/** What a reconciliation run found wrong about one order (see core/services/reconcile-rules.ts). */
export const exceptionKind = z.enum(['missing_at_gateway', 'missing_in_ledger', 'amount_mismatch', 'status_mismatch']);
export type ExceptionKind = z.infer<typeof exceptionKind>;
export const exceptionState = z.enum(['open', 'resolved', 'accepted']);
export type ExceptionState = z.infer<typeof exceptionState>;

/** The order list's sort keys (the first is the default) and directions. */
export const orderSortKey = z.enum(['orderedAt', 'amount', 'orderNo', 'status']);
export type OrderSortKey = z.infer<typeof orderSortKey>;
export const sortDir = z.enum(['asc', 'desc']);
export type SortDir = z.infer<typeof sortDir>;

/**
 * A team member's role, least first: each role may do everything the ones before it may
 * (contract/roles.ts says which role each channel needs).
 */
export const roleSchema = z.enum(['viewer', 'accountant', 'support', 'finance', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** Whether `role` reaches `needed` in the order of roleSchema. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return roleSchema.options.indexOf(role) >= roleSchema.options.indexOf(needed);
}
