// Traditional Chinese first, English second. The screens' words are the UI part of the one message
// catalogue (src-main/contract/messages/catalogue-ui.ts), keyed, so both languages stay complete (a
// test checks every key has both and no zh-TW text holds an English sentence).
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { UI_MESSAGES } from '../src-main/contract/messages/catalogue-ui.ts';

export type Lang = 'zh-TW' | 'en';

/** The screens' words: the UI part of the one catalogue. */
export const strings = UI_MESSAGES;

export type StringKey = keyof typeof strings;

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh-TW', setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'zh-TW'));
  // The page's language, from the first render on (screen readers pick their voice by it).
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hant-TW';
  }, [lang]);
  const value = useMemo(
    () => ({
      lang,
      setLang: (l: Lang) => {
        localStorage.setItem('lang', l);
        document.documentElement.lang = l === 'en' ? 'en' : 'zh-Hant-TW';
        setLangState(l);
      },
    }),
    [lang],
  );
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang() {
  return useContext(LangContext);
}

export function useT() {
  const { lang } = useLang();
  // Stable per language, so components can list it in hook dependencies.
  return useMemo(() => (key: StringKey) => strings[key][lang], [lang]);
}

/** Puts parameters into a catalogue string: fill(t('syncProgressOf'), { name, done, total }). */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
