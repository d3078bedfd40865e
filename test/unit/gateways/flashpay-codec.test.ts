import { describe, expect, it } from 'vitest';
import { DecryptError, InputError, MalformedAnswerError, SignatureError } from '../../../src-main/core/errors.ts';
import {
  buildRequest,
  computeChk,
  encryptDat,
  openAnswer,
  openEnvelope,
  parseEnvelopeBody,
  sealAnswer,
  sealEnvelope,
} from '../../../src-main/core/gateways/flashpay/codec.ts';
import { loadFlashPayVectors } from './helpers.ts';

const vectors = loadFlashPayVectors();
const creds = vectors.credentials;
const seedAnswer = vectors.decode[0]!;

/** An answer body whose chk is right for whatever dat it carries, to reach the decrypt step. */
function answerWithDat(dat: string): string {
  return `ver=1.0.0&dat=${dat}&chk=${computeChk(dat)}`;
}

function expectNoSecrets(err: unknown): void {
  const text = `${(err as Error).message} ${String((err as Error).cause ?? '')}`;
  expect(text).not.toContain(creds.hashKey);
  expect(text).not.toContain(creds.hashIv);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    expectNoSecrets(err);
    return err;
  }
  throw new Error('expected an error');
}

describe('FlashPay golden vectors', () => {
  it('decodes the seed 000 section 4(2) answer to bare JSON', () => {
    const answer = openAnswer(`ver=1.0.0&dat=${seedAnswer.dat}&chk=${seedAnswer.chk}`, creds);
    expect(answer.kind).toBe('data');
    if (answer.kind !== 'data') return;
    expect(answer.payload).toEqual(seedAnswer.json);
    expect(answer.chkValid).toBe(true);
    expect(computeChk(seedAnswer.dat)).toBe(seedAnswer.chk);
  });

  it('rejects the chk printed in the seed (it belongs to another message)', () => {
    expect(thrown(() => openAnswer(`ver=1.0.0&dat=${seedAnswer.dat}&chk=${seedAnswer.chk_printed_in_seed}`, creds))).toBeInstanceOf(SignatureError);
  });

  it('accepts the same answer as a JSON object body', () => {
    const answer = openAnswer(JSON.stringify({ ver: '1.0.0', dat: seedAnswer.dat, chk: seedAnswer.chk }), creds);
    expect(answer.kind === 'data' && answer.payload).toEqual(seedAnswer.json);
  });

  it('accepts uppercase dat (chk over dat as received) and a lowercase chk', () => {
    const upper = seedAnswer.dat.toUpperCase();
    const answer = openAnswer(`ver=1.0.0&dat=${upper}&chk=${computeChk(upper).toLowerCase()}`, creds);
    expect(answer.kind === 'data' && answer.payload).toEqual(seedAnswer.json);
    // ...and the lowercase chk does not vouch for the uppercase dat.
    expect(thrown(() => openAnswer(`ver=1.0.0&dat=${upper}&chk=${seedAnswer.chk}`, creds))).toBeInstanceOf(SignatureError);
  });

  for (const [i, v] of vectors.encode.entries()) {
    it(`seals encode vector ${i} byte for byte`, () => {
      expect(sealEnvelope(v.json, creds)).toEqual({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk });
      expect(buildRequest(JSON.parse(v.json) as object, creds)).toEqual({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk });
    });

    it(`opens encode vector ${i} on the server side (JSON object, JSON text, form)`, () => {
      const envelope = { ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: v.chk };
      const expected = JSON.parse(v.json) as Record<string, unknown>;
      expect(openEnvelope(envelope, creds)).toEqual({ payload: expected, json: v.json, mid: v.mid, ver: v.ver });
      expect(openEnvelope(JSON.stringify(envelope), creds).payload).toEqual(expected);
      expect(openEnvelope(new URLSearchParams(envelope).toString(), creds).payload).toEqual(expected);
      // openAnswer also checks key when a captured request is fed to it.
      expect(openAnswer(JSON.stringify(envelope), creds)).toMatchObject({ kind: 'data', payload: expected });
    });
  }

  it('rejects a request whose key does not match the plaintext', () => {
    const v = vectors.encode[0]!;
    const other = vectors.encode[1]!;
    expect(thrown(() => openEnvelope({ ver: v.ver, mid: v.mid, dat: v.dat, key: other.key, chk: v.chk }, creds))).toBeInstanceOf(SignatureError);
    expect(thrown(() => openAnswer(JSON.stringify({ dat: v.dat, key: other.key, chk: v.chk }), creds))).toBeInstanceOf(SignatureError);
  });

  it('rejects a request whose chk does not match dat', () => {
    const v = vectors.encode[0]!;
    expect(thrown(() => openEnvelope({ ver: v.ver, mid: v.mid, dat: v.dat, key: v.key, chk: vectors.encode[1]!.chk }, creds))).toBeInstanceOf(SignatureError);
  });

  it('requires every envelope field on the server side', () => {
    const v = vectors.encode[0]!;
    expect(thrown(() => openEnvelope({ ver: v.ver, mid: v.mid, dat: v.dat, chk: v.chk }, creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openEnvelope({ ver: v.ver, mid: v.mid }, creds))).toBeInstanceOf(MalformedAnswerError);
  });
});

describe('FlashPay answers: round trips', () => {
  it('seals an answer the way FlashPay sends it and opens it again', () => {
    const json = JSON.stringify({ ret_code: '00', ret_msg: '交易成功', ord_no: '中文訂單' });
    const body = sealAnswer(json, creds);
    expect(body).toMatch(/^ver=1\.0\.0&dat=[0-9a-f]+&chk=[0-9A-F]{64}$/);
    const answer = openAnswer(body, creds);
    expect(answer).toMatchObject({ kind: 'data', json, payload: { ret_msg: '交易成功', ord_no: '中文訂單' } });
  });

  it('keeps escaped slashes in the JSON text and unescapes them in the payload', () => {
    const json = '{"return_url":"http:\\/\\/34.80.137.76\\/?wc-api=WC_Gateway_Flashpay","ret_code":"00"}';
    const answer = openAnswer(sealAnswer(json, creds), creds);
    expect(answer.kind === 'data' && answer.json).toBe(json);
    expect(answer.payload.return_url).toBe('http://34.80.137.76/?wc-api=WC_Gateway_Flashpay');
  });

  it('handles a 1 MB payload', () => {
    const big = { ret_code: '00', filler: '測'.repeat(350_000) };
    const json = JSON.stringify(big);
    expect(Buffer.byteLength(json)).toBeGreaterThan(1_000_000);
    const answer = openAnswer(sealAnswer(json, creds), creds);
    expect(answer.kind === 'data' && answer.payload).toEqual(big);
  });

  it('recognises a plain JSON server error', () => {
    const raw = '{"ret_code":"E01","ret_msg":"mer_id error"}';
    expect(openAnswer(raw, creds)).toEqual({ kind: 'error', payload: { ret_code: 'E01', ret_msg: 'mer_id error' }, raw });
    expect(parseEnvelopeBody({ msg: 'x' })).toEqual({ kind: 'plain', payload: { msg: 'x' } });
  });
});

describe('FlashPay answers: damage', () => {
  const dat = seedAnswer.dat;

  it('truncated hex (whole blocks lost) fails to decrypt', () => {
    expect(thrown(() => openAnswer(answerWithDat(dat.slice(0, dat.length - 32)), creds))).toBeInstanceOf(DecryptError);
  });

  it('truncated hex (with chk of the full dat) fails the chk', () => {
    expect(thrown(() => openAnswer(`ver=1.0.0&dat=${dat.slice(0, 200)}&chk=${seedAnswer.chk}`, creds))).toBeInstanceOf(SignatureError);
  });

  it('odd-length hex', () => {
    const err = thrown(() => openAnswer(answerWithDat(dat.slice(0, -1)), creds));
    expect(err).toBeInstanceOf(DecryptError);
    expect((err as Error).message).toContain('odd');
  });

  it('hex that is not a whole number of AES blocks', () => {
    expect(thrown(() => openAnswer(answerWithDat(dat.slice(0, dat.length - 2)), creds))).toBeInstanceOf(DecryptError);
  });

  it('non-hex characters', () => {
    expect(thrown(() => openAnswer(answerWithDat(`zz${dat.slice(2)}`), creds))).toBeInstanceOf(DecryptError);
  });

  it('wrong keys (bad padding)', () => {
    const wrong = { hashKey: 'A'.repeat(32), hashIv: 'B'.repeat(16) };
    const err = thrown(() => openAnswer(answerWithDat(dat), wrong));
    expect(err).toBeInstanceOf(DecryptError);
  });

  it('a flipped byte in the last block breaks the padding', () => {
    const last = dat.slice(-2) === '00' ? 'ff' : '00';
    const damaged = `${dat.slice(0, -34)}${last}${dat.slice(-32)}`;
    expect(thrown(() => openAnswer(answerWithDat(damaged), creds))).toBeInstanceOf(DecryptError);
  });

  it('plaintext that is not JSON, or not an object', () => {
    expect(thrown(() => openAnswer(answerWithDat(encryptDat('hello 你好', creds)), creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer(answerWithDat(encryptDat('[1,2]', creds)), creds))).toBeInstanceOf(MalformedAnswerError);
  });

  it('an HTML error page', () => {
    const err = thrown(() => openAnswer('<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>', creds));
    expect(err).toBeInstanceOf(MalformedAnswerError);
    expect((err as MalformedAnswerError).excerpt).toContain('502 Bad Gateway');
  });

  it('an empty or blank body', () => {
    expect(thrown(() => openAnswer('', creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer(' \r\n', creds))).toBeInstanceOf(MalformedAnswerError);
  });

  it('missing fields and broken JSON', () => {
    expect(thrown(() => openAnswer(`ver=1.0.0&dat=${dat}`, creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer('ver=1.0.0&chk=ABC', creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer('{"dat": "ab", ', creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer('[]', creds))).toBeInstanceOf(MalformedAnswerError);
    expect(thrown(() => openAnswer('{"dat": 12, "chk": "x"}', creds))).toBeInstanceOf(MalformedAnswerError);
  });

  it('a chk mismatch', () => {
    const body = sealAnswer('{"ret_code":"00"}', creds).replace(/chk=./, (m) => (m.endsWith('0') ? 'chk=1' : 'chk=0'));
    expect(thrown(() => openAnswer(body, creds))).toBeInstanceOf(SignatureError);
    expect(thrown(() => openAnswer(`dat=${dat}&chk=not-hex`, creds))).toBeInstanceOf(SignatureError);
  });

  it('refuses mis-sized keys without printing them', () => {
    const shortKey = { merId: 'M', hashKey: 'secret-short-key', hashIv: creds.hashIv };
    const err = thrown(() => sealEnvelope('{}', shortKey));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('secret-short-key');
    expect(thrown(() => openAnswer(answerWithDat(dat), { hashKey: creds.hashKey, hashIv: 'short' }))).toBeInstanceOf(InputError);
  });
});
