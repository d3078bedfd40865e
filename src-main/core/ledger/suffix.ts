// Shops that retry a payment send the gateway a new order id each time, built from their own order
// number plus a suffix (First Bank ids like `{order}A{mmss}`). Matching strips that suffix on both
// sides, so the ledger's `12345` meets the gateway's `12345A0207`.
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';

export type SuffixRule = { kind: 'none' } | { kind: 'lastA4' } | { kind: 'regex'; pattern: string };

export const NO_SUFFIX: SuffixRule = { kind: 'none' };

const LAST_A4 = /A\d{4}$/;

export const MAX_SUFFIX_PATTERN = 100;
/** Order numbers longer than this are compared as they are: the pattern never sees an unbounded input. */
export const MAX_SUFFIX_INPUT = 64;
/** Unbounded quantifiers in a row (a*b*c*) cost O(n^k): k is kept small so n = 64 stays instant. */
const MAX_UNBOUNDED_QUANTIFIERS = 3;

interface GroupState {
  quantified: boolean;
  alternation: boolean;
}

/**
 * The restricted pattern language: JavaScript regex syntax without backreferences or lookaround, and
 * no quantifier on a group that holds a quantifier or an alternation (`(a+)+`, `(a|a)*`: the shapes of
 * catastrophic backtracking). `?` on a group stays allowed (`(-\d+)?$`). Throws why a pattern is refused.
 */
export function checkSuffixPattern(pattern: string): void {
  // `reason` names the rule for the catalogue (ledger.suffix_refused); `why` is the English for logs.
  const refuse = (reason: string, why: string): never => {
    throw new InputError(`the suffix pattern ${JSON.stringify(pattern)} is refused: ${why}`, {
      msg: msg('ledger.suffix_refused', { pattern, reason, max: MAX_UNBOUNDED_QUANTIFIERS }),
    });
  };
  const stack: GroupState[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  let lastAtom: 'none' | 'char' | GroupState = 'none';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') refuse('backreference', 'backreferences are not allowed');
      lastAtom = 'char';
      i += 2;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) refuse('unclosed_class', 'an unclosed [');
      lastAtom = 'char';
      i = j + 1;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        const kind = pattern.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') refuse('lookaround', 'lookahead and lookbehind are not allowed');
      }
      stack.push({ quantified: false, alternation: false });
      lastAtom = 'none';
      if (pattern[i + 1] !== '?') i += 1;
      else if (pattern[i + 2] === '<') i = pattern.indexOf('>', i) < 0 ? refuse('unclosed_name', 'an unclosed group name') : pattern.indexOf('>', i) + 1;
      else i += 3; // (?: and modifiers like (?i:
      continue;
    }
    if (c === ')') {
      if (stack.length === 1) refuse('unmatched_paren', 'an unmatched )');
      const group = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.quantified ||= group.quantified;
      parent.alternation ||= group.alternation;
      lastAtom = group;
      i += 1;
      continue;
    }
    if (c === '|') {
      top.alternation = true;
      lastAtom = 'none';
      i += 1;
      continue;
    }
    const braces = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (c === '*' || c === '+' || c === '?' || braces) {
      if (lastAtom === 'none') refuse('nothing_to_repeat', 'a quantifier with nothing to repeat');
      const repeats = c === '?' ? false : !(braces && braces[2] === undefined);
      if (typeof lastAtom === 'object' && c !== '?' && (lastAtom.quantified || lastAtom.alternation)) {
        refuse('nested_repeat', 'a repeated group may not contain a quantifier or | (catastrophic backtracking)');
      }
      top.quantified = true;
      if (repeats && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS) refuse('too_many_repeats', `at most ${MAX_UNBOUNDED_QUANTIFIERS} repeating quantifiers`);
      i += braces ? braces[0].length : 1;
      if (pattern[i] === '?') i += 1; // lazy form
      lastAtom = 'none';
      continue;
    }
    lastAtom = 'char';
    i += 1;
  }
}

export function compileSuffixRule(rule: SuffixRule): (orderNo: string) => string {
  if (rule.kind === 'none') return (s) => s;
  if (rule.kind === 'lastA4') return (s) => (LAST_A4.test(s) && s.length > 5 ? s.slice(0, -5) : s);
  const pattern = rule.pattern.trim();
  if (pattern === '' || pattern.length > MAX_SUFFIX_PATTERN) throw new InputError(`the suffix pattern is 1-${MAX_SUFFIX_PATTERN} characters`, { msg: msg('ledger.suffix_length', { max: MAX_SUFFIX_PATTERN }) });
  checkSuffixPattern(pattern);
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch (err) {
    throw new InputError(`the suffix pattern is not a valid regular expression: ${(err as Error).message}`, {
      msg: msg('ledger.suffix_invalid', { pattern }),
      detail: (err as Error).message,
    });
  }
  return (s) => {
    if (s.length > MAX_SUFFIX_INPUT) return s;
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
