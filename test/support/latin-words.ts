// Finds English sentences on a zh-TW screen: runs of Latin words that read as prose rather than an
// identifier, a code or a proper name. "FlashPay", "HashKey", "Visa ••4444", "tx_type 8",
// "action.refund.result" and "NT$1,200" are fine on a Chinese screen; "could not reach the gateway"
// is not.

/** Names and codes a Taiwanese clerk reads as they are. */
const PROPER = new Set(
  [
    'flashpay', 'first', 'bank', 'firstbank', 'tenpay', 'excel', 'hashkey', 'hashiv', 'merchantid', 'visa', 'mastercard', 'jcb', 'amex',
    'unionpay', 'utc', 'nt', 'id', 'ok', 'api', 'url', 'csv', 'xlsx', 'json', 'http', 'https', 'sqlite', 'node', 'electron', 'linux',
    'windows', 'macos', 'roc', 'yyyy', 'mm', 'dd', 'yyy', 'hh', 'ss', 'pdf', 'zip', 'sha', 'hmac', 'aes', 'cbc', 'chk', 'dat', 'tx',
    'type', 'sandbox', 'demo', 'english', 'recon', 'cli', 'web', 'ms', 'kb', 'mb', 'gb', 'pm', 'am', 'http', 'www', 'com', 'tw', 'example',
  ],
);

/** Runs of three or more Latin words (letters, apostrophes, hyphens), separated by spaces or light punctuation. */
const RUN = /[A-Za-z][A-Za-z'’-]*(?:[ ,:;()]+[A-Za-z][A-Za-z'’-]*){2,}/g;

export function latinSentences(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(RUN)) {
    const words = m[0].split(/[ ,:;()]+/).filter(Boolean);
    // A command line (`recon profile add`) is typed as it is, not read as prose.
    if (words[0] === 'recon') continue;
    const prose = words.filter((w) => w.length >= 2 && /^[a-z]/.test(w) && !PROPER.has(w.toLowerCase()));
    if (prose.length >= 2) found.push(m[0]);
  }
  return found;
}
