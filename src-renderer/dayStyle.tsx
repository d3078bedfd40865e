// How days are shown: 2026/11/30 or the ROC calendar (民國 115/11/30), chosen in Settings and kept
// on this computer, like the language. Every day and time on screen goes through useDays().
import { type ReactNode, createContext, useContext, useMemo, useState } from 'react';
import { type DayStyle, formatDay, formatDayTime } from '../src-main/contract/day-text.ts';
import { formatTaipeiMs } from '../src-main/contract/format.ts';
import { useLang } from './i18n.tsx';

const StyleContext = createContext<{ style: DayStyle; setStyle: (s: DayStyle) => void }>({ style: 'western', setStyle: () => {} });

export function DayStyleProvider({ children }: { children: ReactNode }) {
  const [style, setStyleState] = useState<DayStyle>(() => (localStorage.getItem('dayStyle') === 'roc' ? 'roc' : 'western'));
  const value = useMemo(
    () => ({
      style,
      setStyle: (s: DayStyle) => {
        localStorage.setItem('dayStyle', s);
        setStyleState(s);
      },
    }),
    [style],
  );
  return <StyleContext.Provider value={value}>{children}</StyleContext.Provider>;
}

export interface Days {
  style: DayStyle;
  lang: 'zh-TW' | 'en';
  setStyle: (s: DayStyle) => void;
  /** 'YYYY-MM-DD' as the user reads days. */
  day: (day: string) => string;
  /** An instant as Taipei wall-clock time, to the second. */
  time: (ms: number) => string;
  /** An instant as Taipei wall-clock time, to the minute. */
  minute: (ms: number) => string;
  /** The same for a narrow grid column: an ROC date without its 民國 prefix (115/11/30 13:05). */
  gridMinute: (ms: number) => string;
}

export function useDays(): Days {
  const { style, setStyle } = useContext(StyleContext);
  const { lang } = useLang();
  return useMemo(
    () => ({
      style,
      lang,
      setStyle,
      day: (d: string) => formatDay(d, style, lang),
      time: (ms: number) => formatDayTime(formatTaipeiMs(ms), style, lang),
      minute: (ms: number) => formatDayTime(formatTaipeiMs(ms).slice(0, 16), style, lang),
      gridMinute: (ms: number) => formatDayTime(formatTaipeiMs(ms).slice(0, 16), style, lang).replace(/^(民國|ROC) /, ''),
    }),
    [style, setStyle, lang],
  );
}
