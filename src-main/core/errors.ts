// Typed errors carry what a person needs to act, and never a secret. `code` is stable for
// programs (CLI exit codes, UI messages); `message` is the English text for logs; `msg`, where set, is
// the catalogue code with parameters that every shell renders in its user's language, and `detail`
// the technical reason shown one click away.
import type { Message } from '../contract/messages/render.ts';
import { msg as coded } from '../contract/messages/render.ts';

export interface ReconErrorOptions {
  cause?: unknown;
  msg?: Message;
  detail?: string;
}

export class ReconError extends Error {
  readonly code: string;
  readonly msg: Message | undefined;
  readonly detail: string | undefined;
  constructor(code: string, message: string, options?: ReconErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.msg = options?.msg;
    this.detail = options?.detail;
    this.name = new.target.name;
  }
}

/** Bad input from a person or a file: a usage error, a bad date, a malformed amount. */
export class InputError extends ReconError {
  constructor(message: string, options?: ReconErrorOptions) {
    super('input', message, options);
  }
}

/** A signature, chk or key did not match: the message may be forged or the keys are wrong. */
export class SignatureError extends ReconError {
  constructor(message: string, msg?: Message) {
    super('signature', message, msg ? { msg, detail: message } : undefined);
  }
}

/** The payload could not be decrypted with the profile's keys (wrong keys, corrupt hex, bad padding). */
export class DecryptError extends ReconError {
  constructor(message: string, options?: ReconErrorOptions) {
    super('decrypt', message, { ...options, msg: options?.msg ?? coded('gateway.cannot_decrypt'), detail: options?.detail ?? message });
  }
}

/** The gateway answered, understood us, and said no (or reported an error of its own). */
export class GatewayError extends ReconError {
  /** The gateway's stored name (core/gateways/registry.ts). */
  readonly gateway: string;
  readonly gatewayCode: string;
  readonly gatewayMessage: string;
  /** The answer was authenticated (FlashPay: decrypted with the profile's keys; First Bank: signed). */
  readonly signed: boolean;
  constructor(gateway: { name: string; displayName: string }, gatewayCode: string, gatewayMessage: string, context?: string, signed = true) {
    super('gateway', `${gateway.displayName} answered ${gatewayCode || '(no code)'}: ${gatewayMessage || '(no message)'}${context ? ` (${context})` : ''}`, {
      msg: coded('gateway.answered', { gateway: gateway.displayName, code: gatewayCode || '—', text: gatewayMessage || '—' }),
    });
    this.gateway = gateway.name;
    this.gatewayCode = gatewayCode;
    this.gatewayMessage = gatewayMessage;
    this.signed = signed;
  }
}

/** The answer is not in any shape the protocol allows (HTML error page, truncated body, garbage). */
export class MalformedAnswerError extends ReconError {
  /** A short, printable excerpt of what arrived, safe to show and log (answers carry no secrets). */
  readonly excerpt: string;
  constructor(what: string, body: string, said?: Message) {
    const excerpt = safeExcerpt(body);
    const english = `${what}; received: ${excerpt === '' ? '(empty body)' : JSON.stringify(excerpt)}`;
    super('malformed', english, { msg: said ?? coded('gateway.malformed'), detail: english });
    this.excerpt = excerpt;
  }
}

/** The request may or may not have reached the gateway (timeout, dropped connection, 5xx, unreadable answer). */
export class TransportError extends ReconError {
  readonly kind: 'timeout' | 'network' | 'http';
  readonly status: number | undefined;
  constructor(kind: 'timeout' | 'network' | 'http', message: string, status?: number, options?: ReconErrorOptions) {
    super('transport', message, options);
    this.kind = kind;
    this.status = status;
  }
}

/** The OS keychain is unavailable or locked; the message says what to install or unlock. */
export class KeychainError extends ReconError {
  constructor(message: string, options?: ReconErrorOptions) {
    super('keychain', message, options);
  }
}

/** The database cannot be used as it is (newer schema, corrupt file). */
export class StoreError extends ReconError {
  constructor(message: string, options?: ReconErrorOptions) {
    super('store', message, options);
  }
}

export function safeExcerpt(body: string, max = 160): string {
  // Collapse whitespace and strip control characters so an HTML page or binary junk prints on one line.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
  const flat = body.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A cancel or refund refused before anything was sent (`refusal` says which rule); CLI exit code 2. */
export class ActionRefusedError extends ReconError {
  readonly refusal: string;
  constructor(refusal: string, message: string, msg?: Message) {
    super('refused', message, msg ? { msg } : undefined);
    this.refusal = refusal;
  }
}

/**
 * A money request left, and what happened is not known: no usable answer, or the console could not
 * record it (disk full, a crash). Never "failed": check the gateway; CLI exit code 3.
 */
export class OutcomeUnknownError extends ReconError {
  readonly actionId: number;
  constructor(actionId: number, message: string, options?: ReconErrorOptions) {
    super('unknown_outcome', message, options);
    this.actionId = actionId;
  }
}

/**
 * A team server's refusal of who is asking: not signed in, a session that expired, a name or password
 * that did not match, an account locked after failed sign-ins (`reason` says which; code 'unauthenticated').
 */
export class SignInError extends ReconError {
  readonly reason: 'no_session' | 'session_expired' | 'bad_credentials' | 'locked' | 'disabled' | 'throttled';
  constructor(reason: SignInError['reason'], message: string, options: ReconErrorOptions) {
    super('unauthenticated', message, options);
    this.reason = reason;
  }
}

/** The signed-in person's role is below what the channel needs (contract/roles.ts); code 'forbidden'. */
export class ForbiddenError extends ReconError {
  readonly channel: string;
  readonly needed: string;
  constructor(channel: string, needed: string, message: string, options: ReconErrorOptions) {
    super('forbidden', message, options);
    this.channel = channel;
    this.needed = needed;
  }
}
