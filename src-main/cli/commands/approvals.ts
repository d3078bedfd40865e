// recon approvals policy: the two-person approval policy of a team server (issue #23). Run on the
// server by its administrator (the CLI acts as admin, like every single-user shell); the threshold is
// NT$ as typed ("50,000"), the lifetime whole hours. Without options it shows the policy.
import { type Command, UsageError, optionalString } from '../command.ts';
import { msg, renderMessage } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { approvalPolicy, setApprovalPolicy } from '../../core/services/approvals.ts';
import { parseCents } from '../../core/money.ts';

function hours(text: string): number {
  if (!/^\d{1,6}$/.test(text.trim())) throw new UsageError('--expires-hours is a whole number of hours', { msg: msg('approvals.bad_expiry', { max: 720 }) });
  return Number(text.trim());
}

export const approvalsPolicyCommand: Command = {
  path: ['approvals', 'policy'],
  summary: 'show or set the amount at which a cancel/refund on the team server needs a second person',
  summaryZh: '顯示或設定團隊伺服器上需兩人核准的取消／退款金額門檻',
  options: {
    threshold: { type: 'string', description: 'the approval threshold in NT$ (default 50,000)', zh: '核准門檻（新台幣，預設 50,000）', value: 'NT$' },
    'expires-hours': { type: 'string', description: 'how long a request waits for a decision (1-720, default 24)', zh: '申請等待核准的時數（1 到 720，預設 24）', value: 'H' },
    json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' },
  },
  async run(options, io) {
    const thresholdText = optionalString(options, 'threshold');
    const hoursText = optionalString(options, 'expires-hours');
    const change = {
      ...(thresholdText === undefined ? {} : { thresholdCents: parseCents(thresholdText, '--threshold') }),
      ...(hoursText === undefined ? {} : { expiresHours: hours(hoursText) }),
    };
    return withApp(
      io,
      async (app) => {
        const p = Object.keys(change).length > 0 ? setApprovalPolicy(app, change) : approvalPolicy(app);
        if (options.json) io.stdout(`${JSON.stringify(p)}\n`);
        else {
          const said = msg('approvals.policy', { thresholdCents: p.thresholdCents, hours: p.expiresHours });
          io.stdout(`${renderMessage(said, io.lang ?? 'en')}\n`);
        }
        return 0;
      },
      { audit: Object.keys(change).length > 0 },
    );
  },
};
