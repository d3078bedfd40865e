import { useEffect, useState } from 'react';
import { api } from './api.ts';
import { type StringKey, useLang, useT } from './i18n.tsx';
import { useAsync } from './useAsync.ts';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { ReconcilePage } from './pages/ReconcilePage.tsx';
import { SettlementPage } from './pages/SettlementPage.tsx';
import { PayoutsPage } from './pages/PayoutsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ApprovalsPage } from './pages/ApprovalsPage.tsx';

const PAGES = ['orders', 'settlement', 'payouts', 'reconcile', 'approvals', 'audit', 'settings'] as const;
type Page = (typeof PAGES)[number];

const NAV_LABEL: Record<Page, StringKey> = {
  orders: 'navOrders',
  settlement: 'navSettlement',
  payouts: 'navPayouts',
  reconcile: 'navReconcile',
  approvals: 'navApprovals',
  audit: 'navAudit',
  settings: 'navSettings',
};

function pageFromHash(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0] as Page;
  return PAGES.includes(name) ? name : 'orders';
}

export function App() {
  const t = useT();
  const { lang, setLang } = useLang();
  const [page, setPage] = useState<Page>(pageFromHash);
  const info = useAsync(() => api.appInfo({}));

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    <div className="shell">
      {/* A button, not a #main link: the hash is the router's. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipToContent')}
      </button>
      <nav className="sidebar" aria-label={t('mainNav')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ¥
          </span>
          <span>{t('appTitle')}</span>
        </div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <a href={`#/${p}`} className={p === page ? 'active' : ''} aria-current={p === page ? 'page' : undefined}>
                {t(NAV_LABEL[p])}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          {info.status === 'ok' && info.value.demo && <div className="badge demo">{t('demoMode')}</div>}
          {/* The name starts with the visible text (speech control users say what they see). */}
          <button type="button" className="link" onClick={() => setLang(lang === 'zh-TW' ? 'en' : 'zh-TW')} aria-label={`${t('language')} (${t('languageLabel')})`}>
            <span lang={lang === 'zh-TW' ? 'en' : 'zh-Hant-TW'}>{t('language')}</span>
          </button>
          {info.status === 'ok' && <div className="muted small" data-testid="version">v{info.value.version}</div>}
        </div>
      </nav>
      <main className="content" id="main" tabIndex={-1}>
        {info.status === 'error' ? (
          <div className="panel error" role="alert">
            <h2>{t('errorTitle')}</h2>
            <p>{info.message}</p>
            <button type="button" onClick={info.reload}>
              {t('retry')}
            </button>
          </div>
        ) : page === 'settings' ? (
          <SettingsPage info={info.status === 'ok' ? info.value : undefined} />
        ) : page === 'orders' ? (
          <OrdersPage />
        ) : page === 'reconcile' ? (
          <ReconcilePage />
        ) : page === 'approvals' ? (
          <ApprovalsPage />
        ) : page === 'audit' ? (
          <AuditPage />
        ) : page === 'payouts' ? (
          <PayoutsPage />
        ) : (
          <SettlementPage />
        )}
      </main>
    </div>
  );
}
