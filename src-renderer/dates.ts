// Date-range presets in Taipei days, computed from "now" whatever the machine's time zone.
import { shiftTaipeiDay as shift, taipeiDayOfMs } from '../src-main/contract/money-time.ts';

export type Preset = 'today' | 'yesterday' | 'thisWeek' | 'last7' | 'thisMonth' | 'lastMonth' | 'custom';
export const PRESETS: Preset[] = ['today', 'yesterday', 'thisWeek', 'last7', 'thisMonth', 'lastMonth', 'custom'];

export function presetRange(preset: Exclude<Preset, 'custom'>, nowMs = Date.now()): { from: string; to: string } {
  const today = taipeiDayOfMs(nowMs);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: shift(today, -1), to: shift(today, -1) };
    case 'thisWeek':
      // Weeks start on Monday in Taiwanese offices.
      return { from: shift(today, -((weekday + 6) % 7)), to: today };
    case 'last7':
      return { from: shift(today, -6), to: today };
    case 'thisMonth':
      return { from: monthStart, to: today };
    case 'lastMonth': {
      const lastDayPrev = shift(monthStart, -1);
      return { from: `${lastDayPrev.slice(0, 8)}01`, to: lastDayPrev };
    }
  }
}

export function matchPreset(from: string, to: string, nowMs = Date.now()): Preset {
  for (const p of PRESETS) {
    if (p === 'custom') continue;
    const r = presetRange(p, nowMs);
    if (r.from === from && r.to === to) return p;
  }
  return 'custom';
}
