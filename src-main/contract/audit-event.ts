// An audit entry's event code (action.refund.result, account.sign_in) as the catalogue's audit.event
// message: the audit page, and anything else that names an entry, say it in words.
import { type Message, msg } from './messages/render.ts';

export function auditEventMessage(event: string): Message {
  // ICU select keys cannot hold a hyphen (action.refund.not-applied).
  const [family = '', a = '', b = ''] = event.replaceAll('-', '_').split('.');
  return family === 'action' ? msg('audit.event', { family, kind: a, stage: b }) : msg('audit.event', { family, kind: '', stage: a });
}
