// Gateway JSON is flat: First Bank answers and PayInfo are one level, FlashPay's 106 list three.
// JSON.parse accepts any nesting, but JSON.stringify and every recursive walk after it overflow the
// stack (a RangeError, not a ReconError) a few thousand levels down, which a 10 kB body reaches. So a
// body nested far deeper than any real answer is refused where it is parsed.
export const MAX_GATEWAY_JSON_DEPTH = 32;

/** True when `value` has objects or arrays nested more than `limit` levels deep (iterative: never recurses). */
export function nestedTooDeep(value: unknown, limit = MAX_GATEWAY_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth >= limit) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}
