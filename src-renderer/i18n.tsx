// Traditional Chinese first, English second. Strings live here, keyed, so both languages stay complete
// (a test checks every key has both).
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh-TW' | 'en';

export const strings = {
  appTitle: { 'zh-TW': '對帳主控台', en: 'Reconciliation Console' },
  navOrders: { 'zh-TW': '訂單', en: 'Orders' },
  navSettlement: { 'zh-TW': '每日結算', en: 'Settlement' },
  navReconcile: { 'zh-TW': '對帳', en: 'Reconciliation' },
  navAudit: { 'zh-TW': '稽核紀錄', en: 'Audit' },
  navSettings: { 'zh-TW': '設定', en: 'Settings' },
  language: { 'zh-TW': 'English', en: '中文' },
  languageLabel: { 'zh-TW': '切換語言', en: 'Switch language' },
  about: { 'zh-TW': '關於', en: 'About' },
  version: { 'zh-TW': '版本', en: 'Version' },
  shell: { 'zh-TW': '執行環境', en: 'Shell' },
  shellElectron: { 'zh-TW': '桌面應用程式 (Electron)', en: 'Desktop app (Electron)' },
  shellWeb: { 'zh-TW': '本機網頁 (127.0.0.1)', en: 'Local web shell (127.0.0.1)' },
  dataDir: { 'zh-TW': '資料目錄', en: 'Data directory' },
  mode: { 'zh-TW': '模式', en: 'Mode' },
  demoMode: { 'zh-TW': '展示模式（沙盒金流）', en: 'Demo mode (sandbox gateways)' },
  liveMode: { 'zh-TW': '正式資料', en: 'Live data' },
  runtime: { 'zh-TW': '執行平台', en: 'Runtime' },
  loading: { 'zh-TW': '載入中…', en: 'Loading…' },
  errorTitle: { 'zh-TW': '無法連線到主控台', en: 'Cannot reach the console' },
  retry: { 'zh-TW': '重試', en: 'Retry' },
  notYet: {
    'zh-TW': '此頁面尚未完成：功能將在後續版本加入。',
    en: 'This page is not built yet: the feature arrives in a later version.',
  },
  jobs: { 'zh-TW': '背景工作', en: 'Background jobs' },
  noJobs: { 'zh-TW': '目前沒有背景工作。', en: 'No background jobs.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof strings;

const LangContext = createContext<{ lang: Lang; setLang: (l: Lang) => void }>({ lang: 'zh-TW', setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('lang') === 'en' ? 'en' : 'zh-TW'));
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
  return (key: StringKey) => strings[key][lang];
}
