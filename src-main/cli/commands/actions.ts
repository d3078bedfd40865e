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

function actionCommand(kind: ActionKind, texts: Pick<Command, 'summary' | 'summaryZh' | 'details' | 'detailsZh'>): Command {
  return {
    path: [kind],
    ...texts,
    options: {
      profile: { type: 'string', required: true, description: 'profile name', zh: '設定檔名稱', value: 'N' },
      order: { type: 'string', required: true, description: "the merchant's order number (ord_no / OrderId)", zh: '商店的訂單編號（ord_no／OrderId）', value: 'ORD_NO' },
      amount: { type: 'string', required: true, description: 'the full order amount, as a confirmation (partial amounts are refused)', zh: '訂單全額，作為確認（部分金額會被拒絕）', value: 'A' },
      reason: { type: 'string', description: 'why (kept in the audit log; First Bank RefundDesc)', zh: '原因（記入稽核紀錄；第一銀行的 RefundDesc）', value: 'R' },
      operator: { type: 'string', description: 'who is acting (default: the OS user name)', zh: '操作人員（預設：作業系統的使用者名稱）', value: 'NAME' },
      yes: { type: 'boolean', description: 'really send it; without --yes the command only shows what it would do', zh: '確定送出；沒有 --yes 時只顯示將會執行的動作' },
      'idempotency-key': { type: 'string', description: 'a key for this exact request: repeating it returns the first outcome, never a second action', zh: '這筆請求專用的識別鍵：重複使用時回傳第一次的結果，絕不會執行第二次', value: 'KEY' },
      json: { type: 'boolean', description: 'print the outcome as JSON', zh: '以 JSON 輸出結果' },
    },
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

export const cancelCommand = actionCommand('cancel', {
  summary: 'FlashPay tx_type 8: void an authorized order (02), or refund a captured one (03/04); full amount only',
  summaryZh: 'FlashPay tx_type 8：取消已授權的訂單（02），或將已請款的訂單（03/04）退款；只能處理全額',
  details:
    'Cancel sends FlashPay tx_type 8 (取消授權) for the full order amount: on 02 it voids the authorization (-> 12),\n' +
    'on 03/04 FlashPay turns it into a refund (-> 06). First Bank has no cancel call: use `recon refund`.\n' +
    'The order is re-queried first; the action is journaled before sending and audited.\n' +
    'Exit: 0 done, 1 the gateway refused, 2 refused before sending (nothing sent), 3 outcome unknown (check the\n' +
    'back-office, then `recon resolve`; never just send again).',
  detailsZh:
    '取消會以訂單全額送出 FlashPay tx_type 8（取消授權）：狀態 02 時取消授權（→ 12），\n' +
    '狀態 03/04 時 FlashPay 會改為退款（→ 06）。第一銀行沒有取消功能：請用 `recon refund`。\n' +
    '送出前會先重新查詢訂單；動作在送出前先寫入處理紀錄，並記入稽核紀錄。\n' +
    '結束代碼：0 完成；1 金流拒絕；2 送出前即拒絕（什麼都沒送出）；3 結果不明（請先到金流後台確認，\n' +
    '再執行 `recon resolve`；切勿直接再送一次）。',
});

export const refundCommand = actionCommand('refund', {
  summary: 'full refund: First Bank RefundProcessOnline on a paid order (2), or FlashPay tx_type 8 on a captured one (03/04)',
  summaryZh: '全額退款：已付款（2）的第一銀行訂單用 RefundProcessOnline，已請款（03/04）的 FlashPay 訂單用 tx_type 8',
  details:
    'Refund returns the full original amount: First Bank RefundProcessOnline on TransStatus 2 (-> 3, TENPAY 4 first);\n' +
    'FlashPay tx_type 8 on a captured (03) or settled (04) order (-> 06). An authorized FlashPay order (02) has\n' +
    'nothing captured to refund: use `recon cancel`. Partial refunds are done in the gateway back-office.\n' +
    'Exit: 0 done, 1 the gateway refused, 2 refused before sending (nothing sent), 3 outcome unknown (check the\n' +
    'back-office, then `recon resolve`; never just send again).',
  detailsZh:
    '退款會退回原訂單的全額：第一銀行在 TransStatus 2 時用 RefundProcessOnline（→ 3，TENPAY 會先到 4）；\n' +
    'FlashPay 在已請款（03）或已清算（04）的訂單用 tx_type 8（→ 06）。已授權（02）的 FlashPay 訂單\n' +
    '還沒有請款，沒有可退的款項：請用 `recon cancel`。部分退款請到金流後台處理。\n' +
    '結束代碼：0 完成；1 金流拒絕；2 送出前即拒絕（什麼都沒送出）；3 結果不明（請先到金流後台確認，\n' +
    '再執行 `recon resolve`；切勿直接再送一次）。',
});

export const resolveCommand: Command = {
  path: ['resolve'],
  summary: 'settle cancels/refunds whose outcome is unknown by re-querying; or mark one not applied after checking the back-office',
  summaryZh: '重新查詢結果不明的取消與退款，確認其結果；或在查過金流後台後，將其中一筆標記為未生效',
  options: {
    action: { type: 'string', description: 'only this action (its #id)', zh: '只處理這一筆動作（動作編號，例如 #12）', value: 'ID' },
    'not-applied': { type: 'boolean', description: 'with --action: the back-office shows it did not happen (needs --reason)', zh: '搭配 --action：金流後台顯示這筆動作沒有發生（需要 --reason）' },
    reason: { type: 'string', description: 'what the back-office showed (kept in the audit log)', zh: '金流後台顯示的情況（記入稽核紀錄）', value: 'R' },
    operator: { type: 'string', description: 'who checked (default: the OS user name)', zh: '查核人員（預設：作業系統的使用者名稱）', value: 'NAME' },
    list: { type: 'boolean', description: 'only list open actions, how long they have been unknown and what to check', zh: '只列出未完成的動作、結果不明已多久，以及該確認什麼' },
    json: { type: 'boolean', description: 'print the outcomes as JSON', zh: '以 JSON 輸出結果' },
  },
  details:
    'An unknown outcome is never settled by waiting: only the gateway\'s status showing the action, or a person who\n' +
    'checked the back-office (`--action ID --not-applied --reason R`, audited). While one is unknown, nothing more\n' +
    'can be sent on that order.\n' +
    'Exit: 0 when nothing is left unknown, 3 when some action is still unknown, 2 bad input or a refused marking.',
  detailsZh:
    '結果不明的動作不會因為等待而算數：只有金流的狀態顯示出這筆動作，或由人員查過金流後台後標記\n' +
    '（`--action ID --not-applied --reason R`，記入稽核紀錄），才算確認。結果不明期間，這筆訂單不能再送出任何動作。\n' +
    '結束代碼：0 沒有結果不明的動作；3 仍有動作結果不明；2 輸入有誤或標記被拒絕。',
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
