// Order times as Taiwanese shop systems and Excel write them, read as Taipei wall time:
//   2024/03/05, 2024-03-05 14:03, 2024.3.5, 2024/3/5 下午 02:03:04 (Excel on a zh-TW Windows),
//   民國 113/03/05, 113/3/5, 113年3月5日 (ROC years: + 1911), 2024年3月5日 14:03,
//   20240305, 20240305140300, and Excel serial dates (45356, 45356.5849) from .xlsx cells.
import { TAIPEI_OFFSET_MS, taipeiDayOf } from '../time.ts';

export interface LedgerTime {
  ms: number;
  day: string;
}

const DAY_MS = 86_400_000;
/** Excel's day 0 (1899-12-30: the 1900 leap-year bug folded in), as a UTC wall-clock instant. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const TIME = String.raw`(?:[ T]*(上午|下午|AM|PM|am|pm)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(上午|下午|AM|PM|am|pm)?)?`;
const SEPARATED = new RegExp(String.raw`^(?:民國\s*)?(\d{2,4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})\s*日?${TIME}$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/;
const SERIAL = /^(\d{5})(?:\.(\d+))?$/;

function wallToLedgerTime(y: number, mo: number, d: number, h: number, mi: number, s: number): LedgerTime | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const ms = wall - TAIPEI_OFFSET_MS;
  return { ms, day: taipeiDayOf(ms) };
}

function hour12(h: number, marker: string | undefined): number | null {
  if (!marker) return h;
  if (h < 1 || h > 12) return null;
  const pm = marker === '下午' || marker.toUpperCase() === 'PM';
  return (h % 12) + (pm ? 12 : 0);
}

/** Excel serial day number (fraction = time of day) as Taipei wall time. */
export function fromExcelSerial(serial: number): LedgerTime | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const wall = new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS / 1000) * 1000);
  return wallToLedgerTime(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds());
}

/** null when the text is not a date this reader knows (the caller reports the row). */
export function parseLedgerTime(text: string): LedgerTime | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return null;
  const sep = SEPARATED.exec(t);
  if (sep) {
    let year = Number(sep[1]);
    // Two or three digits: a ROC (民國) year. 民國 1 = 1912.
    if (sep[1]!.length <= 3) year += 1911;
    else if (t.startsWith('民國')) return null;
    const marker = sep[4] ?? sep[8];
    const h = sep[5] === undefined ? 0 : hour12(Number(sep[5]), marker);
    if (h === null) return null;
    return wallToLedgerTime(year, Number(sep[2]), Number(sep[3]), h, Number(sep[6] ?? 0), Number(sep[7] ?? 0));
  }
  const compact = COMPACT.exec(t);
  if (compact) {
    return wallToLedgerTime(Number(compact[1]), Number(compact[2]), Number(compact[3]), Number(compact[4] ?? 0), Number(compact[5] ?? 0), Number(compact[6] ?? 0));
  }
  const serial = SERIAL.exec(t);
  if (serial) return fromExcelSerial(Number(t));
  return null;
}
