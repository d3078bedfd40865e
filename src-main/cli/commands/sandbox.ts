// `recon sandbox`: both sandbox gateways on loopback, for other tools and manual testing. Prints one
// JSON line with the URLs and demo credentials, serves until SIGINT/SIGTERM, then closes cleanly.
import { type Command, UsageError, optionalString, choiceList } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { startSandboxes } from '../../sandbox/index.ts';
import { NOTIFICATION_SHAPES } from '../../sandbox/flashpay/payloads.ts';
import { SIGNING_RULES } from '../../core/gateways/firstbank/codec.ts';

function choiceOption<T extends string>(options: Record<string, string | boolean | undefined>, name: string, choices: readonly T[]): T | undefined {
  const text = optionalString(options, name);
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`recon sandbox: --${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(text)}`, {
      msg: msg('cli.bad_choice', { option: `--${name}`, choices: choiceList(choices), value: text }),
    });
  }
  return text as T;
}

function wholeOption(options: Record<string, string | boolean | undefined>, name: string, max: number): number | undefined {
  const text = optionalString(options, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`recon sandbox: --${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(text)}`, {
      msg: msg('cli.not_whole_number', { option: `--${name}`, max: String(max), value: text }),
    });
  }
  return Number(text);
}

export const sandboxCommand: Command = {
  path: ['sandbox'],
  summary: 'Run the FlashPay and First Bank sandbox gateways on 127.0.0.1 until stopped',
  summaryZh: '在 127.0.0.1 上執行 FlashPay 與第一銀行的沙盒金流，直到被停止',
  options: {
    'flashpay-port': { type: 'string', value: 'N', description: 'FlashPay sandbox port (default: a free port)', zh: 'FlashPay 沙盒的連接埠（預設：任一空閒的連接埠）' },
    'firstbank-port': { type: 'string', value: 'N', description: 'First Bank sandbox port (default: a free port)', zh: '第一銀行沙盒的連接埠（預設：任一空閒的連接埠）' },
    seed: { type: 'string', value: 'N', description: 'seed for the demo data and credentials (default 1)', zh: '產生示範資料與金鑰的種子（預設 1）' },
    days: { type: 'string', value: 'N', description: 'days of demo orders ending today (default 90)', zh: '示範訂單的天數，到今天為止（預設 90）' },
    'flashpay-notification': { type: 'string', value: NOTIFICATION_SHAPES.join('|'), description: "return_url payload: real (default, no order_status) or rich", zh: 'return_url 通知的內容：real（預設，不含 order_status）或 rich' },
    'firstbank-signing': { type: 'string', value: SIGNING_RULES.join('|'), description: "how First Bank signs: seed (default) or plugin (empty fields dropped, case-insensitive order)", zh: '第一銀行的簽章方式：seed（預設）或 plugin（略過空欄位、欄名不分大小寫排序）' },
  },
  details: [
    'stdout: one JSON line {"flashpay":{"baseUrl","merId","hashKey","hashIv"},"firstbank":{"baseUrl","platformId","hashKey"}}.',
    'Serves until SIGINT or SIGTERM. Control API, test cards and lifecycle rules: docs/SANDBOX.md.',
    'Exit codes: 0 stopped cleanly; 1 could not start (e.g. port in use); 2 bad usage.',
  ].join('\n'),
  detailsZh: [
    'stdout：一行 JSON：{"flashpay":{"baseUrl","merId","hashKey","hashIv"},"firstbank":{"baseUrl","platformId","hashKey"}}。',
    '持續服務，直到收到 SIGINT 或 SIGTERM。控制 API、測試卡號與訂單狀態的變化規則：docs/SANDBOX.md。',
    '結束代碼：0 正常停止；1 無法啟動（例如連接埠已被占用）；2 用法錯誤。',
  ].join('\n'),
  async run(options, io) {
    const sandboxes = await startSandboxes({
      flashpayPort: wholeOption(options, 'flashpay-port', 65535),
      firstbankPort: wholeOption(options, 'firstbank-port', 65535),
      seed: wholeOption(options, 'seed', 2 ** 32 - 1),
      days: wholeOption(options, 'days', 3660),
      flashpayNotificationShape: choiceOption(options, 'flashpay-notification', NOTIFICATION_SHAPES),
      firstbankSigning: choiceOption(options, 'firstbank-signing', SIGNING_RULES),
    });
    const { flashpay, firstbank } = sandboxes;
    io.stdout(`${JSON.stringify({
      flashpay: { baseUrl: flashpay.baseUrl, merId: flashpay.merId, hashKey: flashpay.hashKey, hashIv: flashpay.hashIv },
      firstbank: { baseUrl: firstbank.baseUrl, platformId: firstbank.platformId, hashKey: firstbank.hashKey },
    })}\n`);
    await io.untilStopped();
    await sandboxes.close();
    return 0;
  },
};
