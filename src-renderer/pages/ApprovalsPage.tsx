// Two-person approval (issue #23): the cancels/refunds at or above the threshold that wait for a
// second person. Finance sees every request and approves (which sends it) or rejects it with a
// reason; a support clerk sees their own. The server decides everything again: who may approve, the
// requester never, an expired request never; this page only shows what it says.
import { useState } from 'react';
import type { ApprovalView } from '../../src-main/contract/channels.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { msg, renderMessage } from '../../src-main/contract/messages/render.ts';
import { api } from '../api.ts';
import { useDays } from '../dayStyle.tsx';
import { type StringKey, fill, strings, useLang, useT } from '../i18n.tsx';
import { useAsync } from '../useAsync.ts';
import { useSession } from '../session.tsx';

function money(cents: number): string {
  return `NT$ ${formatCents(cents, { grouped: true })}`;
}

/** What became of an approved request's action, in the page's words (never the raw state name). */
function useOutcomeText(): (outcome: string) => string {
  const t = useT();
  return (outcome) => {
    const key = `apprOutcome_${outcome}`;
    return Object.hasOwn(strings, key) ? t(key as StringKey) : outcome;
  };
}

function Decide({ request, onDone }: { request: ApprovalView; onDone: (decided?: ApprovalView) => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (approve: boolean) => {
    setBusy(true);
    setError(null);
    try {
      // The decided request leaves the pending list: the page says what became of it.
      onDone(approve ? await api.approvalsApprove({ id: request.id, reason: reason.trim() || undefined }) : await api.approvalsReject({ id: request.id, reason: reason.trim() }));
    } catch (err) {
      setError((err as Error).message);
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="approval-decide">
      <label>
        <span className="small">{t('apprDecisionReason')}</span>
        <input name={`reason-${request.id}`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} disabled={busy} />
      </label>
      <button type="button" className="primary danger-fill" onClick={() => act(true)} disabled={busy} data-testid={`approve-${request.id}`}>
        {t('apprApprove')}
      </button>
      <button type="button" onClick={() => act(false)} disabled={busy || reason.trim() === ''} data-testid={`reject-${request.id}`}>
        {t('apprReject')}
      </button>
      {error && (
        <div className="small error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

export function ApprovalsPage() {
  const t = useT();
  const { lang } = useLang();
  const days = useDays();
  const [all, setAll] = useState(false);
  const [decided, setDecided] = useState<ApprovalView | null>(null);
  const outcomeText = useOutcomeText();
  const policy = useAsync(() => api.approvalsPolicy({}));
  const list = useAsync(() => api.approvalsList(all ? {} : { state: 'PENDING' }), [all]);
  const state = (s: string) => renderMessage(msg('approvals.state', { state: s }), lang);
  const { info: session } = useSession();
  const canApprove = policy.status === 'ok' && policy.value.canApprove;
  // The server refuses the requester's own approval anyway; the page does not offer it.
  const mine = (r: ApprovalView) => session.mode === 'team' && r.requester.toLowerCase() === session.name.toLowerCase();
  const applies = policy.status === 'ok' && policy.value.applies;
  return (
    <section>
      <h1>{t('navApprovals')}</h1>
      <div className="panel">
        {policy.status === 'ok' && (
          <p data-testid="approval-policy">
            {fill(t('apprIntro'), { threshold: money(policy.value.thresholdCents), hours: policy.value.expiresHours })}
            {!policy.value.applies && <span className="muted"> {t('apprNotTeam')}</span>}
          </p>
        )}
        <label className="inline">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('apprShowAll')}
        </label>
      </div>
      {decided && (
        <p className="panel" role="status" data-testid="approval-decided" data-state={decided.state}>
          {fill(t('apprDecidedNotice'), { id: String(decided.id), orderNo: decided.orderNo, state: state(decided.state) })}
          {decided.actionId !== null && decided.outcome && <> · {fill(t('apprOutcome'), { id: String(decided.actionId), state: outcomeText(decided.outcome) })}</>}
        </p>
      )}
      <div className="panel">
        {list.status === 'loading' && <p className="muted">{t('loading')}</p>}
        {list.status === 'error' && (
          <p className="error" role="alert">
            {list.message}
          </p>
        )}
        {list.status === 'ok' && list.value.length === 0 && <p className="muted">{t('apprEmpty')}</p>}
        {list.status === 'ok' && list.value.length > 0 && (
          <table className="table" data-testid="approvals">
            <thead>
              <tr>
                <th scope="col">{t('apprColId')}</th>
                <th scope="col">{t('apprColOrder')}</th>
                <th scope="col">{t('apprColAmount')}</th>
                <th scope="col">{t('apprColRequester')}</th>
                <th scope="col">{t('apprColReason')}</th>
                <th scope="col">{t('apprColExpires')}</th>
                <th scope="col">{t('apprColState')}</th>
                <th scope="col">{t('apprColDecision')}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.map((r) => (
                <tr key={r.id} data-state={r.state}>
                  <td className="mono">#{r.id}</td>
                  <td>
                    <span className="mono">{r.orderNo}</span> · {r.profile} · {t(r.kind === 'cancel' ? 'apprKind_cancel' : 'apprKind_refund')}
                  </td>
                  <td className="num">{money(r.amountCents)}</td>
                  <td>
                    {r.requester}
                    <div className="small muted">{days.time(r.createdAtMs)}</div>
                  </td>
                  <td>{r.reason}</td>
                  <td>{days.time(r.expiresAtMs)}</td>
                  <td>
                    {state(r.state)}
                    {r.actionId !== null && r.outcome && <div className="small muted">{fill(t('apprOutcome'), { id: r.actionId, state: outcomeText(r.outcome) })}</div>}
                  </td>
                  <td>
                    {r.decidedBy && r.decidedAtMs !== null && (
                      <div className="small">
                        {fill(t('apprDecidedBy'), { name: r.decidedBy, at: days.time(r.decidedAtMs) })}
                        {r.decisionReason && <div className="muted">{r.decisionReason}</div>}
                      </div>
                    )}
                    {r.state === 'PENDING' && canApprove && !mine(r) && <Decide
                        request={r}
                        onDone={(d) => {
                          if (d) setDecided(d);
                          list.reload();
                        }}
                      />}
                    {r.state === 'PENDING' && applies && (!canApprove || mine(r)) && <span className="small muted">{t('apprOwn')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
