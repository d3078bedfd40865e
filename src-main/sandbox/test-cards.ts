// The sandbox's test cards (docs/SANDBOX.md lists them). Any CVV of three digits and any expiry month
// not yet past on the sandbox clock; every other card number is refused on the card page itself.

export type CardOutcome = 'approve' | 'decline' | 'expired' | 'processing';

export interface TestCard {
  number: string;
  brand: 'VISA' | 'MasterCard' | 'JCB';
  outcome: CardOutcome;
  note: string;
}

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4311952222222222', brand: 'VISA', outcome: 'approve', note: '核准 approved' },
  { number: '5555555555554444', brand: 'MasterCard', outcome: 'approve', note: '核准 approved' },
  { number: '3566002020360505', brand: 'JCB', outcome: 'approve', note: '核准 approved' },
  { number: '4000000000000002', brand: 'VISA', outcome: 'decline', note: '發卡行拒絕 declined (05)' },
  { number: '4000000000000069', brand: 'VISA', outcome: 'expired', note: '卡片過期 declined (54)' },
  { number: '4000000000000119', brand: 'VISA', outcome: 'processing', note: '銀行未回應，訂單停在處理中 stays processing' },
];

export function normalizeCardNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

export function findTestCard(text: string): TestCard | undefined {
  const digits = normalizeCardNumber(text);
  return TEST_CARDS.find((c) => c.number === digits);
}

export function formatCardNumber(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1-');
}

export interface CardEntry {
  number: string;
  month: string;
  year: string;
  cvv: string;
}

/** Checks what the card page asks for; returns the card or a message in Traditional Chinese. */
export function checkCardEntry(entry: CardEntry, nowMs: number): { card: TestCard } | { error: string } {
  const card = findTestCard(entry.number);
  if (!/^\d{13,19}$/.test(normalizeCardNumber(entry.number))) return { error: '請輸入完整的信用卡卡號' };
  if (!card) return { error: '此為測試環境，請使用測試卡號 (例如 4311-9522-2222-2222)' };
  const month = Number(entry.month);
  const year = Number(entry.year);
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) return { error: '請選擇有效期限' };
  const now = new Date(nowMs + 8 * 3_600_000);
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) return { error: '信用卡已過有效期限' };
  if (!/^\d{3}$/.test(entry.cvv)) return { error: '請輸入卡片背面末三碼安全碼' };
  return { card };
}

/** Both hosted pages name their fields alike: card1..card4, exp_month, exp_year, cvv. */
export function cardEntryFromForm(form: Record<string, string>): CardEntry {
  return {
    number: [1, 2, 3, 4].map((i) => form[`card${i}`] ?? '').join(''),
    month: form.exp_month ?? '',
    year: form.exp_year ?? '',
    cvv: form.cvv ?? '',
  };
}
