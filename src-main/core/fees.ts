// The one fee function. An order's fee is what its gateway reported (FlashPay service_fee); for a
// gateway that reports none (First Bank: fee 0) with a schedule on the profile, it is the schedule's:
// round_half_up(captured x ppm / 1e6) + fixed, per captured order. Rounding per order, because that is
// how an acquirer bills each transaction. The store writes the result on the order (eff_fee) and books
// it as money entries; every screen, the workbook and the CLI read that, never the raw fee column.
import { gatewayAdapter } from './gateways/registry.ts';
import type { GatewayName } from './gateways/status.ts';
import type { Cents } from './money.ts';

export type FeeSource = 'gateway' | 'schedule';

export interface FeeSchedule {
  feeRatePpm: number | null;
  feeFixedCents: number | null;
}

export function orderFee(o: { gateway: GatewayName; fee: Cents; captured: Cents }, schedule: FeeSchedule | null): { fee: Cents; source: FeeSource } {
  const hasSchedule = schedule !== null && (schedule.feeRatePpm !== null || schedule.feeFixedCents !== null);
  if (!gatewayAdapter(o.gateway).capabilities.feeSchedule || o.fee !== 0 || !hasSchedule) return { fee: o.fee, source: 'gateway' };
  if (o.captured <= 0) return { fee: 0, source: 'schedule' };
  // BigInt: captured x ppm passes 2^53 for amounts far below the 10^15-cent plausibility bound.
  const rated = (BigInt(o.captured) * BigInt(schedule.feeRatePpm ?? 0) + 500_000n) / 1_000_000n;
  return { fee: Number(rated) + (schedule.feeFixedCents ?? 0), source: 'schedule' };
}
