// Server side of FlashPay's envelope: which merchant, is chk right, does it decrypt, does key match.
// Each failure maps to its own plain JSON error, the way FlashPay reports server errors.
import { computeChk, openEnvelope, parseEnvelopeBody } from '../../core/gateways/flashpay/codec.ts';
import { fieldText } from '../../core/gateways/flashpay/orders.ts';
import { digestEquals } from '../../core/gateways/digest.ts';
import { ReconError } from '../../core/errors.ts';
import type { FlashPaySandboxCredentials } from '../credentials.ts';
import { flipHexDigit } from '../http.ts';
import { ERRORS, type PlainError, withDetail } from './payloads.ts';

export type Opened = { ok: true; payload: Record<string, unknown> } | { ok: false; error: PlainError };

export function openMerchantEnvelope(body: string, creds: FlashPaySandboxCredentials): Opened {
  let fields: Record<string, string>;
  try {
    const shape = parseEnvelopeBody(body, 'FlashPay request');
    if (shape.kind === 'plain') return { ok: false, error: ERRORS.malformed };
    fields = shape.fields;
  } catch {
    return { ok: false, error: ERRORS.malformed };
  }
  const { mid, dat, chk, key } = fields;
  if (!mid || !dat || !chk || !key) return { ok: false, error: ERRORS.malformed };
  if (mid.trim() !== creds.merId) return { ok: false, error: ERRORS.merchant };
  if (!digestEquals(computeChk(dat.trim()), chk)) return { ok: false, error: ERRORS.chk };
  try {
    const opened = openEnvelope(body, creds);
    const merId = fieldText(opened.payload, 'mer_id')?.trim();
    if (merId !== undefined && merId !== '' && merId !== creds.merId) return { ok: false, error: withDetail(ERRORS.merchant, 'mer_id differs from mid') };
    return { ok: true, payload: opened.payload };
  } catch (err) {
    if (err instanceof ReconError && err.code === 'malformed') return { ok: false, error: ERRORS.malformed };
    return { ok: false, error: ERRORS.key };
  }
}

/** The badchk fault: a well-formed chk that no longer matches dat. */
export function corruptChk(formBody: string): string {
  return formBody.replace(/(chk=)([0-9A-Fa-f]+)/, (_, name: string, digest: string) => `${name}${flipHexDigit(digest)}`);
}
