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
  profiles: { 'zh-TW': '金流設定檔', en: 'Gateway profiles' },
  profilesEmpty: { 'zh-TW': '尚未建立設定檔。請在下方新增一個金流帳號。', en: 'No profiles yet. Add a gateway account below.' },
  addProfile: { 'zh-TW': '新增設定檔', en: 'Add a profile' },
  profileName: { 'zh-TW': '名稱', en: 'Name' },
  gateway: { 'zh-TW': '金流', en: 'Gateway' },
  gatewayFlashpay: { 'zh-TW': 'FlashPay 信用卡', en: 'FlashPay (cards)' },
  gatewayFirstbank: { 'zh-TW': '第一銀行 整合支付平台', en: 'First Bank payment platform' },
  environment: { 'zh-TW': '環境', en: 'Environment' },
  envAuto: { 'zh-TW': '自動（依網址判斷）', en: 'Automatic (from the URL)' },
  envSandbox: { 'zh-TW': '沙盒', en: 'Sandbox' },
  envTest: { 'zh-TW': '測試', en: 'Test' },
  envProduction: { 'zh-TW': '正式', en: 'Production' },
  baseUrl: { 'zh-TW': '交易網址', en: 'Base URL' },
  queryUrl: { 'zh-TW': '查詢網址（選填）', en: 'Query URL (optional)' },
  merchantId: { 'zh-TW': '特店編號', en: 'Merchant ID' },
  hashKey: { 'zh-TW': 'HashKey 金鑰', en: 'HashKey' },
  hashIv: { 'zh-TW': 'HashIV 向量', en: 'HashIV' },
  feeRate: { 'zh-TW': '手續費率 %（閘道未回報時使用）', en: 'Fee rate % (when the gateway reports none)' },
  feeFixed: { 'zh-TW': '每筆固定手續費', en: 'Fixed fee per order' },
  save: { 'zh-TW': '儲存', en: 'Save' },
  saving: { 'zh-TW': '儲存中…', en: 'Saving…' },
  secretsSet: { 'zh-TW': '金鑰已設定', en: 'Secrets set' },
  secretsMissing: { 'zh-TW': '金鑰未設定', en: 'Secrets missing' },
  secretsInKeychain: { 'zh-TW': '存於系統鑰匙圈', en: 'in the OS keychain' },
  secretsInMemory: { 'zh-TW': '展示用，僅存於記憶體', en: 'demo only, kept in memory' },
  keychainUnavailable: { 'zh-TW': '系統鑰匙圈無法使用', en: 'OS keychain unavailable' },
  secretsNote: {
    'zh-TW': '金鑰只會存入作業系統的鑰匙圈，主控台介面無法讀回。',
    en: 'Secrets are stored only in the OS keychain; the console can never read them back.',
  },
  testConnection: { 'zh-TW': '測試連線', en: 'Test connection' },
  testing: { 'zh-TW': '測試中…', en: 'Testing…' },
  remove: { 'zh-TW': '刪除', en: 'Remove' },
  confirmRemove: { 'zh-TW': '確定刪除設定檔「{name}」及其快取訂單？', en: 'Remove profile "{name}" and its cached orders?' },
  replaceSecrets: { 'zh-TW': '更新金鑰', en: 'Replace secrets' },
  profileAdded: { 'zh-TW': '已新增設定檔', en: 'Profile added' },
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
