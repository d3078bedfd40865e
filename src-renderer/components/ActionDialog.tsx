// The cancel/refund confirmation dialog. It re-queries the order (actions:preview) before showing
// anything, states the gateway, amount and expected outcome, demands the amount typed again for
// large ones, and shows the result, including an unknown outcome, plainly. One idempotency key per
// opening: a double click or a retried call returns the first outcome instead of acting twice.
// On a team server an amount at or above the approval threshold is not executed: the dialog asks for
// approval instead and says so (the server would refuse the action anyway).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ActionOutcomeResult, ActionPreviewResult, ApprovalView, OrderDetailResult, ResultOf } from '../../src-main/contract/channels.ts';
import { formatCents, parseAmountInput } from '../../src-main/contract/format.ts';
import { useDays } from '../dayStyle.tsx';
import { api } from '../api.ts';
import { type StringKey, strings, useLang, useT } from '../i18n.tsx';
import { useFocusTrap } from './useFocusTrap.ts';
import { gatewayTitle, statusName, useGateways } from '../useGateways.ts';
import { textOf } from '../../src-main/contract/messages/render.ts';
import { useSession } from '../session.tsx';

const OPERATOR_KEY = 'recon.operator';

type Phase =
  | { kind: 'checking' }
  | { kind: 'preview'; preview: ActionPreviewResult }
  | { kind: 'sending'; preview: ActionPreviewResult }
  | { kind: 'result'; preview: ActionPreviewResult; outcome: ActionOutcomeResult }
  | { kind: 'requested'; preview: ActionPreviewResult; request: ApprovalView }
  | { kind: 'error'; preview: ActionPreviewResult | null; refusal: string | null; message: string };

function money(cents: number): string {
  return `NT$ ${formatCents(cents, { grouped: true })}`;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

function refusalKey(code: string | null): StringKey | null {
  const key = `refusal_${code ?? ''}`;
  return code && Object.hasOwn(strings, key) ? (key as StringKey) : null;
}

function RefusalText({ code, reason }: { code: string | null; reason: string }) {
  const t = useT();
  // `reason` arrives in the page's language: a preview's reasonMsg or a refusal error rendered by api.ts.
  const key = refusalKey(code);
  const headline = key ? t(key) : null;
  return (
    <div className="action-result bad" role="alert" data-testid="action-refused">
      <strong>{t('actRefused')}</strong>
      {headline && <div>{headline}</div>}
      <div className="small muted">{reason}</div>
    </div>
  );
}

function OutcomeView({ outcome, onRecheck, rechecking }: { outcome: ActionOutcomeResult; onRecheck: () => void; rechecking: boolean }) {
  const t = useT();
  const days = useDays();
  const said = (m: ActionOutcomeResult['msg'], text: string) => textOf(m, text, days.lang, { dayStyle: days.style });
  const change = fill(t('actStatusChange'), { before: outcome.statusBefore, after: outcome.statusAfter ?? '?' });
  if (outcome.state === 'SUCCEEDED') {
    return (
      <div className="action-result good" role="status" data-testid="action-outcome" data-state="SUCCEEDED">
        <strong>✓ {t('actSucceeded')}</strong> · {change}
        <div className="small muted">{said(outcome.msg, outcome.message)}</div>
      </div>
    );
  }
  if (outcome.state === 'FAILED') {
    return (
      <div className="action-result bad" role="alert" data-testid="action-outcome" data-state="FAILED">
        <strong>✗ {t('actFailed')}</strong>
        {outcome.gatewayCode && <span className="mono"> · {outcome.gatewayCode} {outcome.gatewayMessage}</span>}
        <div className="small muted">{said(outcome.msg, outcome.message)}</div>
      </div>
    );
  }
  return (
    <div className="action-result unknown" role="alert" data-testid="action-outcome" data-state={outcome.state}>
      <strong>⚠ {t('actUnknown')}</strong> (#{outcome.actionId})
      <p>{t('actUnknownHelp')}</p>
      <div className="small muted">{said(outcome.msg, outcome.message)}</div>
      <button type="button" onClick={onRecheck} disabled={rechecking}>
        {t('actRecheck')}
      </button>
    </div>
  );
}

export function ActionDialog({ profile, orderNo, onClose, onDone }: { profile: string; orderNo: string; onClose: () => void; onDone?: (o: ActionOutcomeResult) => void }) {
  const t = useT();
  const days = useDays();
  const { lang } = useLang();
  const gateways = useGateways();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const { info: session } = useSession();
  // On a team server the operator is the signed-in person (the server says so whatever is typed).
  const signedIn = session.mode === 'team' ? session.name : null;
  const [operatorTyped, setOperator] = useState(() => localStorage.getItem(OPERATOR_KEY) ?? '');
  const operator = signedIn ?? operatorTyped;
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [rechecking, setRechecking] = useState(false);
  const [approval, setApproval] = useState<ResultOf<'approvals:policy'> | null>(null);
  const key = useRef(crypto.randomUUID());
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    // Without the policy the dialog acts as before; the server still refuses what needs approval.
    api.approvalsPolicy({}).then(
      (p) => live && setApproval(p),
      () => undefined,
    );
    api.actionsPreview({ profile, orderNo }).then(
      (preview) => {
        if (!live) return;
        setOperator((o) => o || preview.defaultOperator);
        setPhase({ kind: 'preview', preview });
      },
      (err: unknown) => live && setPhase({ kind: 'error', preview: null, refusal: null, message: (err as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [profile, orderNo]);

  // Escape closes, except while the request is in flight (its outcome must be seen).
  useFocusTrap(dialogRef, phase.kind === 'sending' ? undefined : onClose);

  // Sending disables the button that had focus; when the answer comes, focus is back in the dialog
  // rather than on the page body, so Tab and a screen reader continue from the outcome.
  useEffect(() => {
    if (phase.kind !== 'result' && phase.kind !== 'error' && phase.kind !== 'requested') return;
    const active = document.activeElement;
    if (!active || active === document.body) dialogRef.current?.focus();
  }, [phase.kind]);

  const preview = phase.kind === 'checking' ? null : phase.preview;
  const needsApproval = preview !== null && approval !== null && approval.applies && preview.amountCents >= approval.thresholdCents;
  // A request sends nothing: the amount is typed again by no one until the approver decides.
  const typedOk = needsApproval || !preview?.requiresTypedAmount || parseAmountInput(typed) === preview.amountCents;
  const amountText = preview ? formatCents(preview.amountCents, { grouped: true }) : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (phase.kind !== 'preview' || !typedOk || operator.trim() === '') return;
    const p = phase.preview;
    if (!signedIn) localStorage.setItem(OPERATOR_KEY, operator.trim());
    setPhase({ kind: 'sending', preview: p });
    if (needsApproval) {
      try {
        const request = await api.approvalsRequest({ profile: p.profile, orderNo: p.orderNo, kind: p.kind, amount: formatCents(p.amountCents), reason: reason.trim() || undefined });
        setPhase({ kind: 'requested', preview: p, request });
      } catch (err) {
        setPhase({ kind: 'error', preview: p, refusal: null, message: (err as Error).message });
      }
      return;
    }
    try {
      const outcome = await api.actionsExecute({
        profile: p.profile,
        orderNo: p.orderNo,
        kind: p.kind,
        amount: formatCents(p.amountCents),
        reason: reason.trim() || undefined,
        operator: operator.trim(),
        confirmation: { confirmed: true, typedAmount: p.requiresTypedAmount ? typed : undefined },
        idempotencyKey: key.current,
      });
      setPhase({ kind: 'result', preview: p, outcome });
      onDone?.(outcome);
    } catch (err) {
      // A refusal (code 'refused') means nothing was sent; its message says which rule.
      setPhase({ kind: 'error', preview: p, refusal: null, message: (err as Error).message });
    }
  };

  const recheck = async () => {
    if (phase.kind !== 'result') return;
    setRechecking(true);
    try {
      const outcomes = await api.actionsResolve({});
      const mine = outcomes.find((o) => o.actionId === phase.outcome.actionId);
      if (mine) {
        setPhase({ ...phase, outcome: mine });
        onDone?.(mine);
      }
    } finally {
      setRechecking(false);
    }
  };

  const title = preview ? t(preview.kind === 'cancel' ? 'actTitle_cancel' : 'actTitle_refund') : t('actChecking');
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="action-title" ref={dialogRef} tabIndex={-1} data-testid="action-dialog">
        <h2 id="action-title">{title}</h2>
        {phase.kind === 'checking' && <p className="muted">{t('actChecking')}</p>}
        {preview && (
          <dl className="facts action-facts">
            <dt>{t('gateway')}</dt>
            <dd data-testid="action-gateway">
              {gatewayTitle(gateways, preview.gateway, lang)} · {preview.profile}
            </dd>
            <dt>{t('actOrderNo')}</dt>
            <dd className="mono" data-testid="action-order">
              {preview.orderNo}
              {preview.orderedAtMs !== null && <span className="muted"> · {days.time(preview.orderedAtMs)}</span>}
            </dd>
            <dt>{t('actStatus')}</dt>
            <dd data-testid="action-status">{statusName(gateways, preview.gateway, preview.statusCode, lang) ?? preview.statusText}</dd>
            <dt>{t('actAmount')}</dt>
            <dd className="action-amount" data-testid="action-amount">
              {money(preview.amountCents)}
            </dd>
            {preview.allowed && preview.expected && (
              <>
                <dt>{t('actExpected')}</dt>
                <dd data-testid="action-expected">
                  {t(`actExpected_${preview.expected}`)}
                  <div className="small muted">{textOf(preview.expectedMsg, preview.expectedText, lang, { dayStyle: days.style })}</div>
                </dd>
              </>
            )}
          </dl>
        )}
        {phase.kind === 'preview' && !phase.preview.allowed && <RefusalText code={phase.preview.refusal} reason={textOf(phase.preview.reasonMsg, phase.preview.reason, lang, { dayStyle: days.style })} />}
        {phase.kind === 'error' && <RefusalText code={phase.refusal} reason={phase.message} />}
        {phase.kind === 'result' && <OutcomeView outcome={phase.outcome} onRecheck={recheck} rechecking={rechecking} />}
        {phase.kind === 'requested' && (
          <div className="action-result pending" role="status" data-testid="approval-requested">
            {fill(t('apprDialogSent'), { id: String(phase.request.id), expires: days.time(phase.request.expiresAtMs) })}
          </div>
        )}
        {needsApproval && (phase.kind === 'preview' || phase.kind === 'sending') && phase.preview.allowed && (
          <p className="action-result pending" data-testid="approval-note">
            {fill(t('apprDialogNote'), { threshold: money(approval.thresholdCents) })}
          </p>
        )}
        {phase.kind === 'sending' && (
          <p className="action-result pending" role="status">
            {t('actSending')}
          </p>
        )}
        {(phase.kind === 'preview' || phase.kind === 'sending') && phase.preview.allowed ? (
          <form className="form-grid action-form" onSubmit={submit}>
            <label>
              {t('actOperator')}
              <input name="operator" value={operator} onChange={(e) => setOperator(e.target.value)} maxLength={64} required readOnly={signedIn !== null} disabled={phase.kind === 'sending'} />
            </label>
            <label>
              {t('actReason')}
              <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} disabled={phase.kind === 'sending'} />
            </label>
            {phase.preview.requiresTypedAmount && !needsApproval && (
              <label className="wide typed-amount">
                {fill(t('actTypeAmount'), { threshold: money(phase.preview.thresholdCents), amount: amountText })}
                <input
                  name="typedAmount"
                  inputMode="decimal"
                  autoComplete="off"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  aria-invalid={typed !== '' && !typedOk}
                  disabled={phase.kind === 'sending'}
                />
              </label>
            )}
            <div className="form-actions wide">
              <button type="submit" className="primary danger-fill" disabled={phase.kind === 'sending' || !typedOk || operator.trim() === ''}>
                {needsApproval ? t('apprDialogSubmit') : fill(t(phase.preview.kind === 'cancel' ? 'actConfirm_cancel' : 'actConfirm_refund'), { amount: money(phase.preview.amountCents) })}
              </button>
              <button type="button" onClick={onClose} disabled={phase.kind === 'sending'}>
                {t('actClose')}
              </button>
            </div>
          </form>
        ) : (
          phase.kind !== 'sending' && (
            <div className="form-actions">
              <button type="button" onClick={onClose}>
                {t('actClose')}
              </button>
            </div>
          )
        )}
      </div>
    </div>
  );
}

/** A button that opens the dialog: what the orders console's detail drawer can render for an order. */
export function ActionButton({
  profile,
  orderNo,
  onDone,
  hint,
}: {
  profile: string;
  orderNo: string;
  onDone?: (o: ActionOutcomeResult) => void;
  /** From the cached state: when not allowed, the button is disabled and says why before any click. */
  hint?: OrderDetailResult['action'];
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const refused = hint !== undefined && !hint.allowed;
  const key = refused ? refusalKey(hint.refusal) : null;
  // One tree whatever the state: the button stays the same element when an action makes the order
  // refusable (focus returns to it from the dialog) and the dialog with its outcome stays open.
  return (
    <div className="action-hint" data-testid={refused ? 'action-disabled' : undefined}>
      {/* aria-disabled, not disabled: it keeps its focus and a screen reader reads the reason with it. */}
      <button
        type="button"
        className="danger"
        aria-disabled={refused ? 'true' : undefined}
        aria-describedby={refused ? `why-${orderNo}` : undefined}
        onClick={() => !refused && setOpen(true)}
      >
        {hint ? t(hint.kind === 'cancel' ? 'actCancelOrder' : 'actRefundOrder') : t('actNew')}
      </button>
      {refused && (
        <span id={`why-${orderNo}`} className="small muted" data-refusal={hint.refusal ?? ''}>
          {key ? t(key) : hint.refusal}
          {hint.backOffice && <> · {t('actBackOfficeHint')}</>}
        </span>
      )}
      {open && <ActionDialog profile={profile} orderNo={orderNo} onClose={() => setOpen(false)} onDone={onDone} />}
    </div>
  );
}
