// Issue #17: every error the core can show a person crosses to the shells as a catalogue code, so a
// clerk reads it in zh-TW. The console's own error classes (ReconError and what extends it) are the
// errors meant for people; plain `Error` is reserved for bugs, which the shells turn into the
// catalogue's "unexpected error" with an error id. This test reads the product's source and fails on
// any `new <ReconError class>(…)` that gives no message code.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecryptError, GatewayError, MalformedAnswerError } from '../../../src-main/core/errors.ts';
import { InstanceLockedError } from '../../../src-main/core/ops/instance-lock.ts';
import { DatabaseUnusableError } from '../../../src-main/core/store/health.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** The text between the parenthesis at `open` and its partner, skipping strings and templates. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

const files = sourceFiles('src-main').filter((f) => !f.includes(`${path.sep}sandbox${path.sep}`));
const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

/** Every class that extends ReconError, directly or not. */
function reconErrorClasses(): Set<string> {
  const parents = new Map<string, string>();
  for (const text of sources.values()) {
    for (const m of text.matchAll(/class (\w+) extends (\w+)/g)) parents.set(m[1]!, m[2]!);
  }
  const out = new Set<string>();
  for (const name of parents.keys()) {
    for (let at: string | undefined = name; at; at = parents.get(at)) {
      if (at === 'ReconError') out.add(name);
    }
  }
  return out;
}

// Classes whose constructor always builds its own message code from what it is given.
const SELF_SAID = new Set(['GatewayError', 'MalformedAnswerError', 'DecryptError', 'InstanceLockedError', 'DatabaseUnusableError']);

describe('errors meant for people', () => {
  it('are said by classes that carry a message code whatever they are given', () => {
    expect(new GatewayError({ name: 'flashpay', displayName: 'FlashPay' }, '10100', 'bad').msg).toBeDefined();
    expect(new MalformedAnswerError('not JSON', '<html>').msg).toBeDefined();
    expect(new DecryptError('dat is empty').msg).toBeDefined();
    expect(new DatabaseUnusableError('corrupt', '/data/recon.sqlite', 'SQLite: malformed', null).msg).toBeDefined();
    expect(new InstanceLockedError('/data', { pid: 1, shell: 'web', host: 'h', startedAt: '?' }).msg).toBeDefined();
  });

  it('are thrown with a catalogue code everywhere in the product', () => {
    const classes = reconErrorClasses();
    expect(classes.has('InputError')).toBe(true);
    const silent: string[] = [];
    for (const [file, text] of sources) {
      for (const m of text.matchAll(/\bnew (\w+)\(/g)) {
        const name = m[1]!;
        if (!classes.has(name) || SELF_SAID.has(name)) continue;
        const args = argumentsAt(text, m.index! + m[0].length - 1);
        if (/\bmsg\b|Msg\b|said\b/.test(args)) continue;
        const line = text.slice(0, m.index).split('\n').length;
        silent.push(`${file}:${line} ${name}`);
      }
    }
    expect(silent).toEqual([]);
  });
});
