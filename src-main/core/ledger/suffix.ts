// Shops that retry a payment send the gateway a new order id each time, built from their own order
// number plus a suffix (First Bank ids like `{order}A{mmss}`). Matching strips that suffix on both
// sides, so the ledger's `12345` meets the gateway's `12345A0207`.
import { InputError } from '../errors.ts';

export type SuffixRule = { kind: 'none' } | { kind: 'lastA4' } | { kind: 'regex'; pattern: string };

export const NO_SUFFIX: SuffixRule = { kind: 'none' };

const LAST_A4 = /A\d{4}$/;

export function compileSuffixRule(rule: SuffixRule): (orderNo: string) => string {
  if (rule.kind === 'none') return (s) => s;
  if (rule.kind === 'lastA4') return (s) => (LAST_A4.test(s) && s.length > 5 ? s.slice(0, -5) : s);
  const pattern = rule.pattern.trim();
  if (pattern === '' || pattern.length > 200) throw new InputError('the suffix pattern is 1-200 characters');
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch (err) {
    throw new InputError(`the suffix pattern is not a valid regular expression: ${(err as Error).message}`);
  }
  return (s) => {
    const stripped = s.replace(re, '');
    // A pattern that eats the whole number would make every order match every other.
    return stripped === '' ? s : stripped;
  };
}

export function parseSuffixRule(value: unknown): SuffixRule {
  if (typeof value === 'object' && value !== null) {
    const v = value as { kind?: unknown; pattern?: unknown };
    if (v.kind === 'none' || v.kind === 'lastA4') return { kind: v.kind };
    if (v.kind === 'regex' && typeof v.pattern === 'string') return { kind: 'regex', pattern: v.pattern };
  }
  return NO_SUFFIX;
}
