// One catalogue for what the console says: every code has zh-TW and English, both texts parse as ICU
// MessageFormat and take the same parameters, and every code the product uses exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, LANGS } from '../../../src-main/contract/messages/catalogue.ts';
import { msg, renderMessage } from '../../../src-main/contract/messages/render.ts';

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    }
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

function productFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return productFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('the message catalogue', () => {
  it('has both languages for every code, each valid ICU with the same parameters', () => {
    for (const [code, texts] of Object.entries(CATALOGUE)) {
      const params = LANGS.map((lang) => {
        const text = (texts as Record<string, string>)[lang];
        expect(text, `${code} in ${lang}`).toBeTruthy();
        return [...argumentsOf(parse(text!))].sort();
      });
      expect(params[1], `${code}: English and zh-TW take the same parameters`).toEqual(params[0]);
    }
  });

  it('is one table: its parts never define the same code twice', async () => {
    const parts = [
      (await import('../../../src-main/contract/messages/catalogue-files.ts')).FILE_MESSAGES,
      (await import('../../../src-main/contract/messages/catalogue-cli.ts')).CLI_MESSAGES,
      (await import('../../../src-main/contract/messages/catalogue-ui.ts')).UI_MESSAGES,
      (await import('../../../src-main/contract/messages/catalogue-team.ts')).TEAM_MESSAGES,
      (await import('../../../src-main/contract/messages/catalogue-approvals.ts')).APPROVAL_MESSAGES,
    ];
    const own = readFileSync('src-main/contract/messages/catalogue.ts', 'utf8');
    const ownCodes = [...own.matchAll(/^ {2}'([a-z][a-z0-9_.-]*)':/gm)].map((m) => m[1]!);
    const all = [...ownCodes, ...parts.flatMap((p) => Object.keys(p))];
    expect(all.length).toBeGreaterThan(ownCodes.length);
    expect(all.filter((code, i) => all.indexOf(code) !== i)).toEqual([]);
    expect(Object.keys(CATALOGUE)).toHaveLength(all.length);
  });

  it('knows every code the product uses', () => {
    const used = new Set<string>();
    for (const file of [...productFiles('src-main'), ...productFiles('src-renderer')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bmsg\(\s*'([a-z][a-z0-9_.]*)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(0);
    const missing = [...used].filter((code) => !Object.hasOwn(CATALOGUE, code));
    expect(missing).toEqual([]);
  });

  it('formats plurals, money, instants and days by Intl and the user\'s day style', () => {
    expect(renderMessage(msg('net.timeout', { gateway: 'FlashPay', host: 'api.example', seconds: 1 }), 'en')).toContain('within 1 second.');
    expect(renderMessage(msg('net.timeout', { gateway: 'FlashPay', host: 'api.example', seconds: 30 }), 'en')).toContain('within 30 seconds.');
    expect(renderMessage(msg('net.timeout', { gateway: 'FlashPay', host: 'api.example', seconds: 30 }), 'zh-TW')).toBe('FlashPay（api.example）在 30 秒內沒有回應：請稍後再試。');
  });
});

describe('errors across the Electron bridge', () => {
  it('keep their code, catalogue message and detail through the preload\'s message-only copy', async () => {
    const { decodeBridgeError, encodeBridgeError } = await import('../../../src-main/contract/bridge-error.ts');
    const error = { code: 'transport', message: 'could not reach x: ENOTFOUND', msg: msg('net.host_not_found', { gateway: 'FlashPay', host: 'x' }), detail: 'ENOTFOUND' };
    // contextBridge keeps only the message, and may prefix it ("Error invoking remote method …: Error: …").
    const copied = `Error invoking remote method 'orders:list': Error: ${encodeBridgeError(error)}`;
    expect(decodeBridgeError(copied)).toEqual(error);
    expect(decodeBridgeError('plain failure')).toBeNull();
  });
});
