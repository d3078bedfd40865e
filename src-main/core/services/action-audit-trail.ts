// The audit trail of money actions: every attempt, refused ones included, leaves an entry; an entry
// about an action carries the digest of its journal row as it stands, so verify can match the two.
import { type Message, msg } from '../../contract/messages/render.ts';
import type { App } from '../app.ts';
import { ActionRefusedError, type ReconError } from '../errors.ts';
import type { Cents } from '../money.ts';
import { type AuditOutcome, auditLog } from '../store/audit.ts';
import { type ActionKind, actionStore, journalDigest } from '../store/actions.ts';
import type { RefusalCode } from './action-rules.ts';
import { type ExecuteRequest, defaultOperator } from './action-input.ts';
import type { Profile } from './profiles.ts';

export interface AuditContext {
  app: App;
  operator: string;
  profile: Profile;
  orderNo: string;
  /** For an action run by an approval: who asked and who approved, added to every entry's note. */
  approval?: string;
}

/**
 * One audit entry. With an action id, the entry also records the digest of the action row as it
 * stands now (call it after the row's change, in the same transaction), so verify can prove the
 * journal row is the one the log describes.
 */
export function audit(
  c: AuditContext,
  e: { event: string; outcome: AuditOutcome; actionId?: number | null; amount?: Cents | null; request?: string; response?: string; raw?: string; note: string },
): void {
  const row = e.actionId ? actionStore(c.app.db).get(e.actionId) : undefined;
  auditLog(c.app.db).append({
    atMs: Date.now(),
    operator: c.operator,
    shell: c.app.shell,
    event: e.event,
    outcome: e.outcome,
    profile: c.profile.name,
    gateway: c.profile.gateway,
    orderNo: c.orderNo,
    actionId: e.actionId ?? null,
    amount: e.amount ?? null,
    request: e.request ?? '',
    response: e.response ?? '',
    raw: e.raw ?? '',
    note: c.approval ? `${e.note} [${c.approval}]` : e.note,
    journal: row ? journalDigest(row) : null,
  });
}

export function refuse(c: AuditContext, code: RefusalCode, reason: string, amount: Cents | null, kind: ActionKind, reasonMsg?: Message): never {
  audit(c, { event: `action.${kind}.refused`, outcome: 'refused', amount, note: `${code}: ${reason}` });
  throw new ActionRefusedError(code, `${kind} refused, nothing was sent: ${reason}`, reasonMsg ? msg('refusal.sent_nothing', { kind, reason: reasonMsg }) : undefined);
}

/** Input that cannot even name an order is refused too, and the attempt still leaves an entry. */
export function auditInputRefusal(app: App, req: ExecuteRequest, err: ReconError): void {
  const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
  // eslint-disable-next-line no-control-regex -- an operator name with control characters is the refused input itself
  const operator = text(req.operator, 64).replace(/[\u0000-\u001f]/g, '?') || defaultOperator();
  auditLog(app.db).append({
    atMs: Date.now(),
    operator,
    shell: app.shell,
    event: `action.${req.kind === 'refund' ? 'refund' : 'cancel'}.refused`,
    outcome: 'refused',
    profile: text(req.profile, 40) || null,
    gateway: null,
    orderNo: text(req.orderNo, 40) || null,
    actionId: null,
    amount: null,
    request: JSON.stringify({ amount: text(typeof req.amount === 'number' ? String(req.amount) : req.amount, 40) }),
    response: '',
    raw: '',
    note: `input: ${err.message}`,
  });
}

