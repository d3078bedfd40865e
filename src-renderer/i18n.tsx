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
  presetToday: { 'zh-TW': '今天', en: 'Today' },
  presetYesterday: { 'zh-TW': '昨天', en: 'Yesterday' },
  presetThisWeek: { 'zh-TW': '本週', en: 'This week' },
  presetLast7: { 'zh-TW': '近 7 天', en: 'Last 7 days' },
  presetThisMonth: { 'zh-TW': '本月', en: 'This month' },
  presetLastMonth: { 'zh-TW': '上月', en: 'Last month' },
  presetCustom: { 'zh-TW': '自訂', en: 'Custom' },
  dateFrom: { 'zh-TW': '起日', en: 'From' },
  dateTo: { 'zh-TW': '迄日', en: 'To' },
  taipeiDays: { 'zh-TW': '台北時間', en: 'Taipei days' },
  allProfiles: { 'zh-TW': '全部設定檔', en: 'All profiles' },
  status: { 'zh-TW': '狀態', en: 'Status' },
  allStatuses: { 'zh-TW': '全部狀態', en: 'All statuses' },
  normalizedStatuses: { 'zh-TW': '統一狀態', en: 'Normalized status' },
  statusesSelected: { 'zh-TW': '已選 {n} 項', en: '{n} selected' },
  clear: { 'zh-TW': '清除', en: 'Clear' },
  amountMin: { 'zh-TW': '金額下限', en: 'Min amount' },
  amountMax: { 'zh-TW': '金額上限', en: 'Max amount' },
  search: { 'zh-TW': '搜尋訂單編號、金流單號、授權碼、卡號末四碼', en: 'Search order no., gateway no., auth code, card last 4' },
  syncRange: { 'zh-TW': '同步此區間', en: 'Sync this range' },
  syncing: { 'zh-TW': '同步中…', en: 'Syncing…' },
  syncDone: { 'zh-TW': '同步完成', en: 'Sync finished' },
  syncFailed: { 'zh-TW': '同步有錯誤', en: 'Sync finished with errors' },
  cancel: { 'zh-TW': '取消', en: 'Cancel' },
  totalsCount: { 'zh-TW': '筆數', en: 'Orders' },
  colTime: { 'zh-TW': '訂單時間', en: 'Order time' },
  colProfile: { 'zh-TW': '設定檔', en: 'Profile' },
  colOrderNo: { 'zh-TW': '訂單編號', en: 'Order no.' },
  colGatewayNo: { 'zh-TW': '金流單號', en: 'Gateway no.' },
  colStatus: { 'zh-TW': '狀態', en: 'Status' },
  colAmount: { 'zh-TW': '訂單金額', en: 'Amount' },
  colCaptured: { 'zh-TW': '請款', en: 'Captured' },
  colRefunded: { 'zh-TW': '退貨', en: 'Refunded' },
  colFee: { 'zh-TW': '手續費', en: 'Fee' },
  colFeeReturned: { 'zh-TW': '退還手續費', en: 'Fee returned' },
  colAuth: { 'zh-TW': '授權碼', en: 'Auth code' },
  noOrders: { 'zh-TW': '此條件下沒有訂單。', en: 'No orders match these filters.' },
  noOrdersHint: {
    'zh-TW': '試著放寬日期或狀態條件，或按「同步此區間」從金流取得最新訂單。',
    en: 'Widen the dates or statuses, or press "Sync this range" to fetch the latest orders from the gateways.',
  },
  noProfilesHint: { 'zh-TW': '尚未設定金流帳號：請先到「設定」新增設定檔。', en: 'No gateway accounts yet: add a profile in Settings first.' },
  loadingMore: { 'zh-TW': '載入更多…', en: 'Loading more…' },
  endOfList: { 'zh-TW': '已到列表底部', en: 'End of list' },
  detail: { 'zh-TW': '訂單明細', en: 'Order detail' },
  close: { 'zh-TW': '關閉', en: 'Close' },
  copy: { 'zh-TW': '複製', en: 'Copy' },
  copied: { 'zh-TW': '已複製', en: 'Copied' },
  capturable: { 'zh-TW': '可請款', en: 'Capturable' },
  refundable: { 'zh-TW': '可退款', en: 'Refundable' },
  shipping: { 'zh-TW': '運費', en: 'Shipping' },
  payType: { 'zh-TW': '付款方式', en: 'Payment type' },
  installments: { 'zh-TW': '分期期數', en: 'Installments' },
  bonus: { 'zh-TW': '紅利折抵', en: 'Bonus points' },
  card: { 'zh-TW': '卡號', en: 'Card' },
  yes: { 'zh-TW': '是', en: 'Yes' },
  no: { 'zh-TW': '否', en: 'No' },
  history: { 'zh-TW': '狀態歷程', en: 'Status history' },
  rawPayload: { 'zh-TW': '金流原始資料（已解密）', en: 'Gateway payload (decrypted)' },
  rawAnswer: { 'zh-TW': '原始回應', en: 'Raw answer' },
  verified: { 'zh-TW': '驗證通過', en: 'Verified' },
  notVerified: { 'zh-TW': '未驗證', en: 'Not verified' },
  truncated: { 'zh-TW': '（僅顯示開頭）', en: '(start only)' },
  requery: { 'zh-TW': '立即重新查詢', en: 'Re-query now' },
  requerying: { 'zh-TW': '查詢中…', en: 'Querying…' },
  requeried: { 'zh-TW': '已更新', en: 'Updated' },
  unchanged: { 'zh-TW': '無變更', en: 'No change' },
  source: { 'zh-TW': '來源', en: 'Source' },
  lastUpdate: { 'zh-TW': '最後更新', en: 'Last updated' },
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
