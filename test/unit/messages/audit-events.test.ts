// Every audit event the console writes is named in words on the audit page, in both languages: an
// event code the catalogue's audit.event message does not know would show as a bare English word
// ("account", "resolved") on a zh-TW screen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { auditEventMessage } from '../../../src-main/contract/audit-event.ts';
import { renderMessage } from '../../../src-main/contract/messages/render.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Event codes written as literals, and the templated ones spelled out for every value they take. */
function eventsWritten(): string[] {
  const found = new Set<string>();
  // A literal of an audit family ('account.sign_in', 'profile.add'), wherever it is passed, except a
  // catalogue code (msg('profile.bad_name')).
  const literal = /(?<!msg\()'((?:access|account|action|anomaly|approval|audit|ledger|period|profile|reconcile)\.[a-z_-]+(?:\.[a-z_-]+)?)'/g;
  // Schema comments in the migrations name events too, loosely; they are not written.
  for (const file of [...sources('src-main/core'), ...sources('src-main/shell')].filter((f) => !f.includes('migrations'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(literal)) found.add(m[1]!);
  }
  for (const verb of ['approved', 'rejected']) found.add(`approval.${verb}`);
  for (const kind of ['cancel', 'refund']) {
    for (const stage of ['intent', 'refused', 'repeated', 'sent', 'resolved', 'result', 'unknown', 'not-applied']) found.add(`action.${kind}.${stage}`);
  }
  for (const resolution of ['resolved', 'accepted']) found.add(`reconcile.${resolution}`);
  return [...found].sort();
}

it('names every audit event in Chinese words and in English, never by its code', () => {
  const events = eventsWritten();
  // The literal scan found the families it should (a broken pattern would find nothing).
  expect(events).toEqual(expect.arrayContaining(['account.sign_in', 'access.refused', 'approval.requested', 'profile.add', 'period.close']));
  const untold = events.flatMap((event) => {
    const zh = renderMessage(auditEventMessage(event), 'zh-TW');
    const en = renderMessage(auditEventMessage(event), 'en');
    const bad: string[] = [];
    if (/[A-Za-z]/.test(zh)) bad.push(`${event} (zh-TW): ${zh}`);
    // The select's fallback prints the code itself: a bare part, a word with _ in it, or a hyphenated part.
    const parts = event.split('.');
    if (parts.includes(en) || en.includes('_') || parts.some((part) => part.includes('-') && en.includes(part))) bad.push(`${event} (en): ${en}`);
    return bad;
  });
  expect(untold).toEqual([]);
});
