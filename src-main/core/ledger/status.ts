// The shop's own words for an order's state, mapped onto the few states reconciliation compares.
// Matching ignores case, spaces and punctuation; an unknown word makes the row a bad row (it is
// listed with the word) rather than being guessed. Fulfilment words (已出貨, shipped) are deliberately
// absent: a shipped cash-on-delivery or bank-transfer order says nothing about a card payment.
export const SHOP_STATUSES = ['paid', 'refunded', 'cancelled', 'pending', 'failed'] as const;
export type ShopStatus = (typeof SHOP_STATUSES)[number];

const WORDS: Record<ShopStatus, string[]> = {
  paid: [
    '已付款', '付款完成', '已付', '付款成功', '已收款', '已完成', '完成', '交易成功', '交易完成', '已請款', '已入帳',
    'paid', 'completed', 'complete', 'success', 'succeeded', 'captured', 'settled', 'done',
  ],
  refunded: ['已退款', '退款', '退貨', '已退貨', '退款完成', '退貨完成', '已退', 'refunded', 'refund', 'returned', 'return'],
  cancelled: ['已取消', '取消', '訂單取消', '已作廢', '作廢', 'cancelled', 'canceled', 'cancel', 'void', 'voided'],
  pending: ['待付款', '未付款', '付款中', '處理中', '等待付款', '尚未付款', '待處理', '未付', 'pending', 'unpaid', 'processing', 'awaitingpayment', 'new'],
  failed: ['付款失敗', '失敗', '交易失敗', '授權失敗', 'failed', 'fail', 'declined', 'error'],
};

export function normalizeWord(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_\-./()（）:：]+/g, '');
}

const LOOKUP = new Map<string, ShopStatus>();
for (const [status, words] of Object.entries(WORDS) as Array<[ShopStatus, string[]]>) {
  for (const w of words) LOOKUP.set(normalizeWord(w), status);
}

export function shopStatusOf(text: string): ShopStatus | null {
  return LOOKUP.get(normalizeWord(text)) ?? null;
}

/** Examples for messages and the UI: a few words per state. */
export const SHOP_STATUS_EXAMPLES: Record<ShopStatus, string> = {
  paid: '已付款 / 付款完成 / paid',
  refunded: '已退款 / 退貨 / refunded',
  cancelled: '已取消 / 取消 / cancelled',
  pending: '待付款 / 未付款 / pending',
  failed: '付款失敗 / failed',
};
