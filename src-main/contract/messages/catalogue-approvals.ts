// Part of the one catalogue (catalogue.ts spreads it in): two-person approval of large cancels and
// refunds on a team server (issue #23). The approvals page's own words are in catalogue-ui.ts.
import type { Lang } from './catalogue.ts';

export const APPROVAL_MESSAGES = {
  'approvals.required': {
    'zh-TW': '{amount} 達到需兩人核准的門檻（{threshold}）：請提出核准申請，由另一位財務人員核准後才會送出。',
    en: '{amount} is at or above the approval threshold ({threshold}): ask for approval; a different finance person approves it before anything is sent.',
  },
  'approvals.pending_exists': {
    'zh-TW': '訂單 {orderNo} 已有待核准的申請（#{id}，{requester} 提出）：請等它被核准、退回或逾期。',
    en: 'Order {orderNo} already has a pending request (#{id}, by {requester}): wait until it is approved, rejected or expires.',
  },
  'approvals.same_person': {
    'zh-TW': '申請 #{id} 是 {name} 自己提出的：必須由另一位財務人員核准。',
    en: 'Request #{id} was made by {name}: a different finance person must approve it.',
  },
  'approvals.not_pending': {
    'zh-TW': '申請 #{id} 已不是待核准狀態（目前：{state}）：不會再送出任何動作。',
    en: 'Request #{id} is no longer pending (it is {state}): nothing more will be sent.',
  },
  'approvals.expired': {
    'zh-TW': '申請 #{id} 已於 {expires} 逾期，無法核准：如仍需要，請重新提出申請。',
    en: 'Request #{id} expired at {expires} and cannot be approved: ask again if it is still needed.',
  },
  'approvals.no_request': { 'zh-TW': '找不到核准申請 #{id}。', en: 'There is no approval request #{id}.' },
  'approvals.reason_required': { 'zh-TW': '退回申請時必須說明原因。', en: 'Rejecting a request needs a reason.' },
  'approvals.bad_threshold': { 'zh-TW': '核准門檻必須是大於零的金額。', en: 'The approval threshold must be a positive amount.' },
  'approvals.bad_expiry': { 'zh-TW': '申請的有效時間必須是 1 到 {max} 小時。', en: 'A request lives 1 to {max} hours.' },
  'approvals.state': {
    'zh-TW': '{state, select, PENDING {待核准} APPROVED {已核准} REJECTED {已退回} EXPIRED {已逾期} other {{state}}}',
    en: '{state, select, PENDING {pending} APPROVED {approved} REJECTED {rejected} EXPIRED {expired} other {{state}}}',
  },
  // The CLI's `recon approvals policy`.
  'approvals.policy': {
    'zh-TW': '團隊伺服器上，{threshold} 以上的取消／退款需另一位財務人員核准；申請 {hours} 小時後逾期。',
    en: 'On a team server, cancels/refunds of {threshold} or more need a different finance person to approve; requests expire after {hours} hours.',
  },
} as const satisfies Record<string, Record<Lang, string>>;
