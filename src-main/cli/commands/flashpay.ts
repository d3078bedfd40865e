// `recon flashpay ...`: offline tools for FlashPay envelopes, for support work on captured bodies.
import { FLASHPAY } from '../../core/gateways/flashpay/statuses.ts';
import { type Command, UsageError, requireString } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { openAnswer } from '../../core/gateways/flashpay/codec.ts';

export const flashpayDecodeCommand: Command = {
  path: [FLASHPAY.name, 'decode'],
  summary: 'Verify and decrypt a FlashPay answer or notification body read from stdin',
  summaryZh: '驗證並解密從 stdin 讀入的 FlashPay 回應或通知內容',
  options: {
    'hash-key': { type: 'string', required: true, value: 'KEY', description: "the merchant's HashKey (32 characters)", zh: '商店的 HashKey（32 個字元）' },
    'hash-iv': { type: 'string', required: true, value: 'IV', description: "the merchant's HashIV (16 characters)", zh: '商店的 HashIV（16 個字元）' },
  },
  details: [
    'stdin: the body as received: form-encoded ver=..&dat=..&chk=.. or a JSON object with those keys.',
    'stdout: the decrypted JSON, pretty-printed.',
    'Exit codes: 0 decoded; 1 FlashPay sent a plain JSON error (printed as {"error": {...}}) or the body',
    'could not be decrypted; 2 bad usage, empty input, or chk/key mismatch (one line on stderr).',
  ].join('\n'),
  detailsZh: [
    'stdin：原樣收到的內容，可以是表單編碼的 ver=..&dat=..&chk=..，或含這些鍵的 JSON 物件。',
    'stdout：解密後的 JSON（已排版）。',
    '結束代碼：0 解密成功；1 FlashPay 回傳未加密的 JSON 錯誤（輸出為 {"error": {...}}）或內容無法解密；',
    '2 用法錯誤、輸入為空，或 chk 與金鑰不符（stderr 一行說明）。',
  ].join('\n'),
  async run(options, io) {
    const keys = { hashKey: requireString(options, 'hash-key'), hashIv: requireString(options, 'hash-iv') };
    const body = await io.readStdin();
    if (body.trim() === '') throw new UsageError('recon flashpay decode: stdin is empty; pipe the answer or notification body in', { msg: msg('cli.flashpay_decode_empty') });
    const answer = openAnswer(body, keys);
    if (answer.kind === 'error') {
      // Not a crash and not a decode: FlashPay answered with an unencrypted error, which is worth seeing.
      io.stdout(`${JSON.stringify({ error: answer.payload }, null, 2)}\n`);
      return 1;
    }
    io.stdout(`${JSON.stringify(answer.payload, null, 2)}\n`);
    return 0;
  },
};

export const flashpayCommands: Command[] = [flashpayDecodeCommand];
