// Runs the real `recon` binary (Node strips the types) with stdin piped, as scripts and support staff do.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodeForm, signFields } from '../../src-main/core/gateways/firstbank/codec.ts';
import { sealAnswer } from '../../src-main/core/gateways/flashpay/codec.ts';
import { loadFirstBankVectors, loadFlashPayVectors } from './gateways/helpers.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

function recon(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/recon.mjs', ...args], { cwd: repo, input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLine(text: string): void {
  expect(text.trimEnd().split('\n')).toHaveLength(1);
}

const fp = loadFlashPayVectors();
const fpKeys = ['--hash-key', fp.credentials.hashKey, '--hash-iv', fp.credentials.hashIv];
const seedAnswer = fp.decode[0]!;
const fb = loadFirstBankVectors();
const FB_KEY = 'be27d4c871f9bdfd12d02fc8d8041463';

describe('recon flashpay decode', () => {
  it('decodes the seed answer (form body) to pretty JSON', () => {
    const r = recon(['flashpay', 'decode', ...fpKeys], `ver=1.0.0&dat=${seedAnswer.dat}&chk=${seedAnswer.chk}\n`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(seedAnswer.json);
    expect(r.stdout).toContain('\n  "ord_no": "3018"');
  });

  it('decodes a JSON body too', () => {
    const r = recon(['flashpay', 'decode', ...fpKeys], JSON.stringify({ ver: '1.0.0', dat: seedAnswer.dat, chk: seedAnswer.chk }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ret_msg).toBe('交易成功(Approved or completed successfully)');
  });

  it('exits 2 with one line on stderr for a bad chk', () => {
    const r = recon(['flashpay', 'decode', ...fpKeys], `ver=1.0.0&dat=${seedAnswer.dat}&chk=${seedAnswer.chk_printed_in_seed}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toContain('chk');
  });

  it('prints a plain JSON error as {"error": ...} and exits 1', () => {
    const r = recon(['flashpay', 'decode', ...fpKeys], '{"ret_code":"E01","ret_msg":"mer_id error"}');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ error: { ret_code: 'E01', ret_msg: 'mer_id error' } });
  });

  it('round-trips Chinese text', () => {
    const r = recon(['flashpay', 'decode', ...fpKeys], sealAnswer('{"ret_msg":"交易成功","url":"http:\\/\\/a.tw"}', fp.credentials));
    expect(JSON.parse(r.stdout)).toEqual({ ret_msg: '交易成功', url: 'http://a.tw' });
  });

  it('exits 2 on bad usage and empty input, without echoing the keys', () => {
    expect(recon(['flashpay', 'decode', '--hash-key', fp.credentials.hashKey], 'x').code).toBe(2);
    const empty = recon(['flashpay', 'decode', ...fpKeys], '');
    expect(empty.code).toBe(2);
    oneLine(empty.stderr);
    const short = recon(['flashpay', 'decode', '--hash-key', 'tooshort-secret', '--hash-iv', fp.credentials.hashIv], `dat=00&chk=${seedAnswer.chk}`);
    expect(short.stderr).not.toContain('tooshort-secret');
  });
});

describe('recon firstbank sign', () => {
  for (const v of fb.filter((x) => x.prefix === '')) {
    it(`reproduces the ${v.section} ${v.kind} vector`, () => {
      const r = recon(['firstbank', 'sign', '--kind', v.kind, '--hash-key', v.hashKey], JSON.stringify(v.fields));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${v.expected}\n`);
    });
  }

  it('exits 2 on bad JSON, a bad kind, or a missing kind', () => {
    for (const [args, input] of [
      [['--kind', 'query', '--hash-key', FB_KEY], '{not json'],
      [['--kind', 'query', '--hash-key', FB_KEY], '[1,2]'],
      [['--kind', 'bogus', '--hash-key', FB_KEY], '{}'],
      [['--hash-key', FB_KEY], '{}'],
    ] as const) {
      const r = recon(['firstbank', 'sign', ...args], input);
      expect(r.code).toBe(2);
      oneLine(r.stderr);
    }
  });
});

describe('recon firstbank verify', () => {
  const notify = fb.find((v) => v.kind === 'notify')!;
  const signed = signFields('notify', { ...notify.fields, PlatFormName: '測試一號店' }, FB_KEY);

  it('exits 0 and prints the fields of a valid notification', () => {
    const r = recon(['firstbank', 'verify', '--hash-key', FB_KEY], encodeForm(signed));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(signed);
  });

  it('exits 2 with one line for a tampered notification', () => {
    const r = recon(['firstbank', 'verify', '--hash-key', FB_KEY], encodeForm({ ...signed, Amount: '1' }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
  });
});
