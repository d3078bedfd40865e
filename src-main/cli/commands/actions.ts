// recon cancel | refund | resolve: money actions from the command line, for support staff and scripts.
// Exit codes: 0 done; 2 refused before anything was sent (no --yes, wrong amount, a status that does
// not allow it, an action already open on the order, a reused idempotency key, bad input); 3 the
// request left but its outcome is unknown (no usable answer, or this machine failed to record it);
// 1 the gateway answered no, or another error.
import { type CliIO, type Command, type Options, optionalString, requireString, said } from '../command.ts';
import { withApp } from '../app.ts';
import type { App } from '../../core/app.ts';
import { ActionRefusedError, OutcomeUnknownError } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import type { ActionKind } from '../../core/store/actions.ts';
import { type ActionOutcome, executeAction, markNotApplied, openActions, previewAction, resolveUnknownActions } from '../../core/services/actions.ts';
import { UsageError } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';

export const EXIT_REFUSED = 2;
export const EXIT_UNKNOWN = 3;

const RESOLVE_DELAYS_MS = [1000, 2000, 4000];

function exitCodeOf(o: ActionOutcome): number {
  return o.state === 'SUCCEEDED' ? 0 : o.state === 'FAILED' ? 1 : EXIT_UNKNOWN;
}

function report(io: CliIO, outcomes: ActionOutcome[]): void {
  for (const o of outcomes) {
    io.stderr(`${said(io, msg('cli.resolve_line', { actionId: String(o.actionId), state: o.state, text: o.msg ?? o.message }), `resolve #${o.actionId}: ${o.state}: ${o.message}`)}\n`);
  }
}

/** Settles what earlier runs left open, so that no order is acted on blind. */
async function resolveFirst(app: App, io: CliIO): Promise<void> {
  const outcomes = await resolveUnknownActions(app);
  report(io, outcomes);
}

function actionCommand(kind: ActionKind, summary: string, details: string): Command {
  return {
    path: [kind],
    summary,
    options: {
      profile: { type: 'string', required: true, description: 'profile name', value: 'N' },
      order: { type: 'string', required: true, description: "the merchant's order number (ord_no / OrderId)", value: 'ORD_NO' },
      amount: { type: 'string', required: true, description: 'the full order amount, as a confirmation (partial amounts are refused)', value: 'A' },
      reason: { type: 'string', description: 'why (kept in the audit log; First Bank RefundDesc)', value: 'R' },
      operator: { type: 'string', description: 'who is acting (default: the OS user name)', value: 'NAME' },
      yes: { type: 'boolean', description: 'really send it; without --yes the command only shows what it would do' },
      'idempotency-key': { type: 'string', description: 'a key for this exact request: repeating it returns the first outcome, never a second action', value: 'KEY' },
      json: { type: 'boolean', description: 'print the outcome as JSON' },
    },
    details,
    async run(options: Options, io: CliIO) {
      const profile = requireString(options, 'profile');
      const orderNo = requireString(options, 'order');
      const amount = requireString(options, 'amount');
      return withApp(io, async (app) => {
        try {
          await resolveFirst(app, io);
          if (!options.yes) {
            const p = await previewAction(app, { profile, orderNo, kind });
            io.stderr(
              p.allowed
                ? `${said(
                    io,
                    msg('cli.action_would', { kind, orderNo: p.orderNo, profile: p.profile, gateway: p.gateway, status: p.statusText, amount: formatCents(p.amountCents), expected: p.expectedMsg ?? p.expectedText }),
                    `would ${kind} ${p.orderNo} on ${p.profile} (${p.gateway}), status ${p.statusText}, amount ${formatCents(p.amountCents)}: ${p.expectedText}`,
                  )}\n`
                : `${said(io, msg('cli.action_not_possible', { kind, orderNo, reason: p.reasonMsg ?? p.reason }), `${kind} of ${orderNo} is not possible: ${p.reason}`)}\n`,
            );
          }
          const outcome = await executeAction(app, {
            profile,
            orderNo,
            kind,
            amount,
            reason: optionalString(options, 'reason'),
            operator: optionalString(options, 'operator'),
            confirmed: options.yes === true,
            // On the command line the amount is typed by hand: it is the typed confirmation.
            typedAmount: amount,
            idempotencyKey: optionalString(options, 'idempotency-key'),
          });
          // JSON stays language-neutral (codes, the English text and the message code); text follows the locale.
          io.stdout(options.json ? `${JSON.stringify(outcome)}\n` : `${outcome.state}: ${said(io, outcome.msg, outcome.message)}\n`);
          return exitCodeOf(outcome);
        } catch (err) {
          if (err instanceof ActionRefusedError) {
            io.stderr(`recon: ${said(io, err.msg, err.message)}\n`);
            return EXIT_REFUSED;
          }
          if (err instanceof OutcomeUnknownError) {
            io.stdout(options.json ? `${JSON.stringify({ actionId: err.actionId, state: 'UNKNOWN', message: err.message })}\n` : `UNKNOWN: ${said(io, err.msg, err.message)}\n`);
            return EXIT_UNKNOWN;
          }
          throw err;
        }
      }, { audit: true });
    },
  };
}

export const cancelCommand = actionCommand(
  'cancel',
  'FlashPay tx_type 8: void an authorized order (02), or refund a captured one (03/04); full amount only',
  'Cancel sends FlashPay tx_type 8 (取消授權) for the full order amount: on 02 it voids the authorization (-> 12),\n' +
    'on 03/04 FlashPay turns it into a refund (-> 06). First Bank has no cancel call: use `recon refund`.\n' +
    'The order is re-queried first; the action is journaled before sending and audited.\n' +
    'Exit: 0 done, 1 the gateway refused, 2 refused before sending (nothing sent), 3 outcome unknown (check the\n' +
    'back-office, then `recon resolve`; never just send again).',
);

export const refundCommand = actionCommand(
  'refund',
  'full refund: First Bank RefundProcessOnline on a paid order (2), or FlashPay tx_type 8 on a captured one (03/04)',
  'Refund returns the full original amount: First Bank RefundProcessOnline on TransStatus 2 (-> 3, TENPAY 4 first);\n' +
    'FlashPay tx_type 8 on a captured (03) or settled (04) order (-> 06). An authorized FlashPay order (02) has\n' +
    'nothing captured to refund: use `recon cancel`. Partial refunds are done in the gateway back-office.\n' +
    'Exit: 0 done, 1 the gateway refused, 2 refused before sending (nothing sent), 3 outcome unknown (check the\n' +
    'back-office, then `recon resolve`; never just send again).',
);

export const resolveCommand: Command = {
  path: ['resolve'],
  summary: 'settle cancels/refunds whose outcome is unknown by re-querying; or mark one not applied after checking the back-office',
  options: {
    action: { type: 'string', description: 'only this action (its #id)', value: 'ID' },
    'not-applied': { type: 'boolean', description: 'with --action: the back-office shows it did not happen (needs --reason)' },
    reason: { type: 'string', description: 'what the back-office showed (kept in the audit log)', value: 'R' },
    operator: { type: 'string', description: 'who checked (default: the OS user name)', value: 'NAME' },
    list: { type: 'boolean', description: 'only list open actions, how long they have been unknown and what to check' },
    json: { type: 'boolean', description: 'print the outcomes as JSON' },
  },
  details:
    'An unknown outcome is never settled by waiting: only the gateway\'s status showing the action, or a person who\n' +
    'checked the back-office (`--action ID --not-applied --reason R`, audited). While one is unknown, nothing more\n' +
    'can be sent on that order.\n' +
    'Exit: 0 when nothing is left unknown, 3 when some action is still unknown, 2 bad input or a refused marking.',
  async run(options, io) {
    const actionText = optionalString(options, 'action');
    const actionId = actionText === undefined ? undefined : Number(actionText.replace(/^#/, ''));
    if (actionId !== undefined && (!Number.isSafeInteger(actionId) || actionId <= 0)) throw new UsageError('--action is an action number, e.g. 12', { msg: msg('cli.action_not_number') });
    if (options['not-applied'] && actionId === undefined) throw new UsageError('--not-applied needs --action ID (one action at a time)', { msg: msg('cli.not_applied_needs_action') });
    if (options['not-applied'] && !optionalString(options, 'reason')?.trim()) throw new UsageError('--not-applied needs --reason: what the back-office showed', { msg: msg('cli.not_applied_needs_reason') });
    const print = (outcomes: ActionOutcome[]) => {
      if (options.json) io.stdout(`${JSON.stringify(outcomes)}\n`);
      else if (outcomes.length === 0) io.stdout(`${said(io, msg('cli.no_open_actions'), 'no open actions')}\n`);
      else for (const o of outcomes) io.stdout(`${said(io, msg('cli.action_line', { actionId: String(o.actionId), state: o.state, text: o.msg ?? o.message }), `#${o.actionId} ${o.state}: ${o.message}`)}\n`);
    };
    return withApp(io, async (app) => {
      if (options.list) {
        const open = openActions(app);
        print(open);
        return open.some((o) => o.state === 'UNKNOWN') ? EXIT_UNKNOWN : 0;
      }
      if (options['not-applied']) {
        try {
          const o = await markNotApplied(app, { actionId: actionId!, reason: optionalString(options, 'reason')!, operator: optionalString(options, 'operator') });
          print([o]);
          return o.state === 'UNKNOWN' ? EXIT_UNKNOWN : 0;
        } catch (err) {
          if (err instanceof ActionRefusedError) {
            io.stderr(`recon: ${said(io, err.msg, err.message)}\n`);
            return EXIT_REFUSED;
          }
          throw err;
        }
      }
      let outcomes = await resolveUnknownActions(app, {}, RESOLVE_DELAYS_MS);
      if (actionId !== undefined) outcomes = outcomes.filter((o) => o.actionId === actionId);
      print(outcomes);
      return outcomes.some((o) => o.state !== 'SUCCEEDED' && o.state !== 'FAILED') ? EXIT_UNKNOWN : 0;
    }, { audit: true });
  },
};
