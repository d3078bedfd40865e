// The one catalogue of what the console says: every message that crosses from the core to a shell (an
// error, a refusal, a result, a progress line) is a code with parameters, and each code has its
// zh-TW and English text here, in ICU MessageFormat. The renderer, the CLI and the workbook all render
// from this table. Parameter conventions (render.ts): a `…Cents` number is shown as money under the
// name without the suffix, a `…Ms` number as Taipei time, a `…Day` 'YYYY-MM-DD' as a day in the
// user's style.

export const LANGS = ['zh-TW', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const CATALOGUE = {
  // Plain-language network errors (issue #17): what a person can act on, the technical detail apart.
  'net.host_not_found': {
    'zh-TW': '無法連線到 {gateway}（{host} 找不到主機）：請檢查網址是否正確、電腦是否連上網路。',
    en: 'Cannot reach {gateway} ({host}: host not found). Check the address and the network connection.',
  },
  'net.refused': {
    'zh-TW': '無法連線到 {gateway}（{host} 拒絕連線）：服務可能暫停或網址的連接埠不對。',
    en: 'Cannot reach {gateway} ({host} refused the connection). The service may be down or the port is wrong.',
  },
  'net.timeout': {
    'zh-TW': '{gateway}（{host}）在 {seconds} 秒內沒有回應：請稍後再試。',
    en: '{gateway} ({host}) did not answer within {seconds, plural, one {# second} other {# seconds}}. Try again later.',
  },
  'net.reset': {
    'zh-TW': '與 {gateway}（{host}）的連線中途中斷：請稍後再試。',
    en: 'The connection to {gateway} ({host}) was cut off. Try again later.',
  },
  'net.tls': {
    'zh-TW': '無法與 {gateway}（{host}）建立安全連線：對方的憑證無法驗證。',
    en: 'Cannot open a secure connection to {gateway} ({host}): its certificate could not be verified.',
  },
  'net.http_status': {
    'zh-TW': '{gateway}（{host}）回應錯誤（HTTP {status}）：請稍後再試，若持續發生請聯絡金流商。',
    en: '{gateway} ({host}) answered with an error (HTTP {status}). Try again later; if it persists, contact the gateway.',
  },
  'net.too_large': {
    'zh-TW': '{gateway}（{host}）的回應超過 {limitMb} MB 上限，已中止讀取。',
    en: 'The answer from {gateway} ({host}) was larger than the {limitMb} MB limit; reading stopped.',
  },
  'net.other': {
    'zh-TW': '無法連線到 {gateway}（{host}）。',
    en: 'Cannot reach {gateway} ({host}).',
  },
  'bridge.offline': {
    'zh-TW': '連不到對帳主控台的程序：它可能已經關閉，請重新開啟。',
    en: 'The console process is not reachable; is it still running?',
  },
  'bridge.bad_answer': {
    'zh-TW': '對帳主控台的回應無法讀取（HTTP {status}）。',
    en: 'Unexpected answer from the console (HTTP {status}).',
  },
  // The command line's own refusals.
  'cli.unknown_command': {
    'zh-TW': '沒有 {command} 這個指令（執行 recon --help 查看所有指令）。',
    en: 'unknown command: {command} (see recon --help)',
  },
  'cli.option_required': {
    'zh-TW': '{command} 需要 {option}（執行 {command} --help 查看說明）。',
    en: '{command}: {option} is required (see --help)',
  },
  'cli.bad_option': {
    'zh-TW': '{command} 的選項有誤：{reason}（執行 {command} --help 查看說明）。',
    en: '{command}: {reason}',
  },
  'cli.bad_lang': {
    'zh-TW': '--lang 只能是 zh-TW 或 en，不能是「{value}」。',
    en: '--lang takes zh-TW or en, not "{value}"',
  },
  'error.unexpected': {
    'zh-TW': '發生未預期的錯誤（錯誤編號 {errorId}）：詳情已寫入記錄檔。',
    en: 'Something unexpected went wrong (error id {errorId}); the details are in the log.',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageCode = keyof typeof CATALOGUE;
