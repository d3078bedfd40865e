// `recon firstbank sign` reproduces every seed 004 example and both signing rules; `recon firstbank
// verify` and the notification inspector give the same verdict and the same labels on the same bodies
// (issue #20): the seed's own 3.5 body, a plugin-signed decline, tampered and forged bodies.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src-main/core/app.ts';
import { encodeForm, signFields } from '../../src-main/core/gateways/firstbank/codec.ts';
import type { Profile } from '../../src-main/core/services/profiles.ts';
import { inspectNotifications } from '../../src-main/core/services/notifications.ts';
import { tempApp } from '../support/app.ts';
import { readVectors, readVendorShapes } from '../support/vectors.ts';
import { firstBankProfile } from './reconcile/helpers.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const seedVectors = readVectors<{ vectors: Array<{ kind: string; section: string; prefix: string; fields: Record<string, string>; expected: string; hashKey: string }> }>('firstbank.json').vectors;
const shapes = readVendorShapes().firstbank;
const KEY = shapes.hashKey;

function recon(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/recon.mjs', ...args], { cwd: repo, input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('recon firstbank sign', () => {
  it.each(seedVectors)('reproduces seed example $section ($kind)', (v) => {
    const args = ['firstbank', 'sign', '--kind', v.kind, '--hash-key', v.hashKey, ...(v.prefix === ' ' ? ['--key-trailing-space'] : [])];
    expect(recon(args, JSON.stringify(v.fields))).toMatchObject({ code: 0, stdout: `${v.expected}\n` });
  });

  it.each(shapes.vectors)('both rules: $source', (v) => {
    const base = ['firstbank', 'sign', '--kind', v.kind, '--hash-key', KEY, ...(v.keyPrefix === ' ' ? ['--key-trailing-space'] : [])];
    expect(recon(base, JSON.stringify(v.fields)).stdout).toBe(`${v.seed.expected}\n`);
    expect(recon([...base, '--rule', 'plugin'], JSON.stringify(v.fields)).stdout).toBe(`${v.plugin.expected}\n`);
  });

  it('--empty takes one difference at a time; bad choices exit 2 with one line', () => {
    const v = shapes.vectors.find((x) => x.kind === 'trade')!;
    const withoutEmpty = Object.fromEntries(Object.entries(v.fields).filter(([, value]) => value !== ''));
    const dropped = recon(['firstbank', 'sign', '--kind', 'trade', '--hash-key', KEY, '--empty', 'drop'], JSON.stringify(v.fields));
    const answerRule = recon(['firstbank', 'sign', '--kind', 'answer', '--hash-key', KEY], JSON.stringify(withoutEmpty));
    expect(dropped).toMatchObject({ code: 0, stdout: answerRule.stdout });
    expect(dropped.stdout).not.toBe(`${v.seed.expected}\n`);
    for (const bad of [['--rule', 'woo'], ['--empty', 'maybe']]) {
      const r = recon(['firstbank', 'sign', '--kind', 'trade', '--hash-key', KEY, ...bad], '{}');
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('recon firstbank verify and the notification inspector agree', () => {
  let app: App & { cleanup(): void };
  let profile: Profile;
  beforeAll(async () => {
    app = tempApp();
    profile = await firstBankProfile(app);
  });
  afterAll(() => app.cleanup());

  const seed35 = seedVectors.find((v) => v.section === '3.5')!;
  const declined = shapes.vectors.find((v) => v.fields.TransStatus === '6')!;
  const fresh = signFields('notify', { ...declined.fields, OrderId: '2025032000044' }, KEY);
  const bodies: Record<string, string> = {
    'the seed\'s 3.5 example (stray space after the key)': encodeForm({ ...seed35.fields, HashKey: seed35.expected }),
    'a decline signed the plugin\'s way': encodeForm({ ...declined.fields, HashKey: declined.plugin.expected }),
    'a decline signed the seed\'s way': encodeForm(fresh),
    'a tampered amount': encodeForm({ ...fresh, Amount: '99000' }),
    'a length-extension forgery': shapes.forgery.body,
  };

  it.each(Object.entries(bodies))('%s', async (_, body) => {
    const [item] = await inspectNotifications(app, profile, body);
    const cli = recon(['firstbank', 'verify', '--hash-key', KEY], body);
    expect(cli.code, cli.stderr).toBe(item!.ok ? 0 : 2);
    if (item!.ok) {
      expect(cli.stderr.split('\n').filter(Boolean)).toEqual(item!.warnings.map((w) => `warning: ${w}`));
      const printed = JSON.parse(cli.stdout) as Record<string, string>;
      expect(Object.fromEntries(Object.entries(printed).filter(([k]) => k !== 'HashKey'))).toEqual(item!.decoded!.fields);
    } else {
      expect(cli.stdout).toBe('');
      expect(cli.stderr).toContain(item!.error);
    }
  });

  it('the labels are the ones a person needs', async () => {
    const items = await inspectNotifications(app, profile, Object.values(bodies).join('\n'));
    expect(items.map((i) => i.ok)).toEqual([true, true, true, false, false]);
    expect(items[0]!.warnings.join('\n')).toMatch(/stray space after the HashKey/);
    expect(items[1]!.warnings.join('\n')).toMatch(/WooCommerce plugin's rule/);
    expect(items[2]!.warnings).toEqual([]);
    expect(items[3]!.error).toMatch(/signature does not match/);
    expect(items[4]!.error).toMatch(/length-extended/);
  });
});
