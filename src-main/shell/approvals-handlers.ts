// Handlers of the two-person approval channels (issue #23), spread into handlers.ts. Who is asking
// comes from the signed-in person (core/operator-context.ts), never from the request.
import type { z } from 'zod';
import type { Channel, ResultOf, contract } from '../contract/channels.ts';
import type { App } from '../core/app.ts';
import { approvalPolicy, approvalPolicyView, approveRequest, listApprovals, rejectRequest, requestApproval, setApprovalPolicy } from '../core/services/approvals.ts';

type ApprovalChannel = Extract<Channel, `approvals:${string}`>;
type Handlers = {
  [C in ApprovalChannel]: (request: z.infer<(typeof contract)[C]['request']>, app: App) => Promise<ResultOf<C>> | ResultOf<C>;
};

export const approvalHandlers: Handlers = {
  'approvals:policy': (_req, app) => approvalPolicyView(app),
  'approvals:setPolicy': (req, app) => {
    setApprovalPolicy(app, req);
    return approvalPolicy(app);
  },
  'approvals:request': (req, app) => requestApproval(app, req),
  'approvals:list': (req, app) => listApprovals(app, req),
  'approvals:approve': (req, app) => approveRequest(app, req),
  'approvals:reject': (req, app) => rejectRequest(app, req),
};
