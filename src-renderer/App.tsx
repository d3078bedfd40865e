import { useCallback, useEffect, useRef, useState } from 'react';
import { api, onUnauthenticated, type SessionInfo, sessionInfo, signOut } from './api.ts';
import type { Channel } from '../src-main/contract/channels.ts';
import { type StringKey, fill, useLang, useT } from './i18n.tsx';
import { useAsync } from './useAsync.ts';
import { RoleName, SessionContext, SignInPage, can } from './session.tsx';
import { SettingsPage, TeamConnectPanel } from './pages/SettingsPage.tsx';
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

/** The channel a page cannot work without: its entry is shown only to a role that may call it. */
const PAGE_CHANNEL: Record<Page, Channel> = {
  orders: 'orders:list',
  settlement: 'settlement:daily',
  payouts: 'payouts:list',
  reconcile: 'reconcile:exceptions',
  // Support sees their own requests; finance decides them.
  approvals: 'approvals:list',
  audit: 'audit:list',
  // Profiles, keys and maintenance: an administrator's page on a team server.
  settings: 'profiles:add',
};

function pageFromHash(): Page {
  const name = window.location.hash.replace(/^#\/?/, '').split('?')[0] as Page;
  return PAGES.includes(name) ? name : 'orders';
}

/** Asks who is using the console first: a team server without a session gets the sign-in page. */
export function App() {
  const t = useT();
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | undefined>();

  const refresh = useCallback(() => {
    sessionInfo().then(
      (s) => {
        setFailure(null);
        setSession(s);
      },
      (err: unknown) => setFailure(err instanceof Error ? err.message : String(err)),
    );
  }, []);
  useEffect(refresh, [refresh]);

  // Any call answering "not signed in" (the session expired, the account was disabled) ends the
  // signed-in view: a browser goes back to sign-in, the desktop back to its own data.
  const current = useRef<SessionInfo | null>(null);
  current.current = session;
  useEffect(
    () =>
      onUnauthenticated((err) => {
        const s = current.current;
        if (s?.mode === 'team' && s.via === 'desktop') {
          setNotice(t('teamSessionLost'));
          refresh();
          return;
        }
        if (s?.mode !== 'team') return;
        setNotice(err.message);
        setSession({ mode: 'signed-out' });
      }),
    [refresh, t],
  );

  if (failure) {
    return (
      <main className="content" id="main">
        <div className="panel error" role="alert">
          <h2>{t('errorTitle')}</h2>
          <p>{failure}</p>
          <button type="button" onClick={refresh}>
            {t('retry')}
          </button>
        </div>
      </main>
    );
  }
  if (!session) return <p className="muted signin-loading">{t('loading')}</p>;
  if (session.mode === 'signed-out' && session.via === 'desktop') {
    return (
      <SessionContext.Provider value={{ info: session, refresh }}>
        <DesktopSignedOut notice={notice} url={session.url} onDisconnected={refresh} />
      </SessionContext.Provider>
    );
  }
  if (session.mode === 'signed-out') {
    return (
      <SignInPage
        notice={notice}
        onSignedIn={(s) => {
          setNotice(undefined);
          setSession(s);
        }}
      />
    );
  }
  const who = session.mode === 'team' ? `${session.via}:${session.name}` : 'local';
  return (
    <SessionContext.Provider value={{ info: session, refresh }}>
      {/* A new person or a new server: every page starts afresh, nothing of the last one's data stays. */}
      <Console key={who} session={session} notice={session.mode === 'local' ? notice : undefined} onSignedOut={() => (session.mode === 'team' && session.via === 'web' ? setSession({ mode: 'signed-out' }) : refresh())} />
    </SessionContext.Provider>
  );
}

function Console(props: { session: SessionInfo; notice?: string; onSignedOut: () => void }) {
  const { session } = props;
  const t = useT();
  const { lang, setLang } = useLang();
  const [hashPage, setPage] = useState<Page>(pageFromHash);
  const info = useAsync(() => api.appInfo({}));
  const visible = PAGES.filter((p) => can(session, PAGE_CHANNEL[p]));
  const page: Page = visible.includes(hashPage) ? hashPage : (visible[0] ?? 'orders');
  // Approvals exist only where people sign in: a single-user console keeps the page (by its address)
  // but not a menu entry for it.
  const menu = visible.filter((p) => p !== 'approvals' || session.mode === 'team');

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  async function leave() {
    if (session.mode !== 'team') return;
    await signOut(session.via).catch(() => undefined);
    props.onSignedOut();
  }

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
        {session.mode === 'team' && (
          <div className="who" data-testid="session">
            <span className="muted small">{t('signedInAs')}</span>
            <span className="who-name" data-testid="session-name">
              {session.name}
            </span>
            <span className="badge role" data-testid="session-role">
              <RoleName role={session.role} />
            </span>
            <button type="button" className="link who-out" onClick={() => void leave()} data-testid="sign-out">
              {t('signOut')}
            </button>
          </div>
        )}
        <ul>
          {menu.map((p) => (
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
        {props.notice && (
          <p className="panel info" role="status">
            {props.notice}
          </p>
        )}
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

/**
 * The desktop signed out by its team server: sign in again, or disconnect on purpose to get this
 * computer's own data back (never by itself: a team member would get local keys without a role check).
 */
function DesktopSignedOut(props: { notice?: string; url?: string; onDisconnected: () => void }) {
  const t = useT();
  return (
    <main className="signin" id="main" data-testid="team-signed-out">
      <div className="signin-card">
        {props.notice && (
          <p className="panel info" role="status" data-testid="signin-notice">
            {props.notice}
          </p>
        )}
        {props.url && <p>{fill(t('teamSignedOutOf'), { url: props.url })}</p>}
        <TeamConnectPanel />
        <button type="button" data-testid="team-disconnect" onClick={() => void api.teamDisconnect({}).then(props.onDisconnected, props.onDisconnected)}>
          {t('teamDisconnect')}
        </button>
      </div>
    </main>
  );
}
