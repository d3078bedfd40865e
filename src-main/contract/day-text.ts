// Days as a Taiwanese user writes and reads them, whatever the machine's locale: 2026/11/30, or the
// Republic of China calendar (民國 115/11/30) that many offices and forms still use. Pure code, shared
// by the renderer's date fields and anything else that shows a day.

/** Whether Y-M-D names a real calendar day (Date.UTC would silently roll 2024-13-45 into 2025). */
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

export const DAY_STYLES = ['western', 'roc'] as const;
export type DayStyle = (typeof DAY_STYLES)[number];

/** Year 1 of the ROC calendar is 1912. */
const ROC_OFFSET = 1911;

/** 'YYYY-MM-DD' -> '2026/11/30' or '民國 115/11/30' ('ROC 115/11/30' in English). */
export function formatDay(day: string, style: DayStyle, lang: 'zh-TW' | 'en' = 'zh-TW'): string {
  const [y, m, d] = day.split('-');
  if (style === 'western') return `${y}/${m}/${d}`;
  return `${lang === 'en' ? 'ROC' : '民國'} ${Number(y) - ROC_OFFSET}/${m}/${d}`;
}

/** 'YYYY-MM-DD HH:mm[:ss]' (a Taipei wall-clock time) with its day part written in the chosen style. */
export function formatDayTime(text: string, style: DayStyle, lang: 'zh-TW' | 'en' = 'zh-TW'): string {
  return `${formatDay(text.slice(0, 10), style, lang)}${text.slice(10)}`;
}

export type DayInput = { ok: true; day: string } | { ok: false; reason: 'empty' | 'shape' | 'calendar' };

/**
 * What a person types in a date field -> 'YYYY-MM-DD'. Accepts 2026/11/30, 2026-11-30, 2026.11.30,
 * 20261130, and ROC forms: 115/11/30, 民國115年11月30日, ROC 115/11/30, 1151130. A year of one to three
 * digits is an ROC year; four digits a Western one.
 */
export function parseDayInput(text: string): DayInput {
  let t = text.trim().replace(/\s+/g, '');
  if (t === '') return { ok: false, reason: 'empty' };
  let roc = false;
  const prefix = /^(民國|民|ROC|R\.O\.C\.)/i.exec(t);
  if (prefix) {
    roc = true;
    t = t.slice(prefix[0].length);
  }
  t = t.replace(/[年月]/g, '/').replace(/日$/, '');
  let y: string | undefined;
  let m: string | undefined;
  let d: string | undefined;
  const parts = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(t);
  const packed = /^(\d{3,4})(\d{2})(\d{2})$/.exec(t);
  if (parts) [, y, m, d] = parts;
  else if (packed) [, y, m, d] = packed;
  else return { ok: false, reason: 'shape' };
  const rocYear = roc || y!.length <= 3;
  if (roc && y!.length === 4) return { ok: false, reason: 'shape' };
  const year = Number(y) + (rocYear ? ROC_OFFSET : 0);
  if (rocYear && Number(y) < 1) return { ok: false, reason: 'calendar' };
  const day = `${String(year).padStart(4, '0')}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  return isCalendarDay(day) ? { ok: true, day } : { ok: false, reason: 'calendar' };
}
