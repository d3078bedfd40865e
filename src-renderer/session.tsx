// Who is using the console and what they may do (issue #23). On the loopback shell and the desktop's
// embedded mode nobody signs in and everything is shown; against a team server (in a browser, or the
// desktop connected through Settings) the person's role hides what they may not use, by the contract's
// own rule (authorize in contract/roles.ts), while the server refuses it anyway.
import { createContext, useContext, useState, type FormEvent } from 'react';
import { authorize } from '../src-main/contract/roles.ts';
import type { Channel } from '../src-main/contract/channels.ts';
import { msg, renderMessage } from '../src-main/contract/messages/render.ts';
import { type SessionInfo, signIn } from './api.ts';
import { useLang, useT } from './i18n.tsx';

export const SessionContext = createContext<{ info: SessionInfo; refresh: () => void }>({ info: { mode: 'local' }, refresh: () => {} });

/** Whether `session` may call `channel`: always when nobody signs in. */
export function can(session: SessionInfo, channel: Channel): boolean {
  return session.mode !== 'team' || authorize(session.role, channel);
}

/** Whether the person using the console may call `channel` (always, when nobody signs in). */
export function useCan(): (channel: Channel) => boolean {
  const { info } = useContext(SessionContext);
  return (channel) => can(info, channel);
}

/** The session and a way to ask again (after the desktop connected or disconnected). */
export function useSession(): { info: SessionInfo; refresh: () => void } {
  return useContext(SessionContext);
}

export function RoleName({ role }: { role: string }) {
  const { lang } = useLang();
  return <>{renderMessage(msg('team.role', { role }), lang)}</>;
}

export function SignInPage(props: { notice?: string; onSignedIn: (s: SessionInfo) => void }) {
  const t = useT();
  const { lang, setLang } = useLang();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(name, password));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" id="main">
      <div className="signin-card">
        <div className="brand signin-brand">
          <span className="brand-mark" aria-hidden="true">
            ¥
          </span>
          <span>{t('appTitle')}</span>
        </div>
        <h1>{t('signInTitle')}</h1>
        <p className="muted">{t('signInIntro')}</p>
        {props.notice && !error && (
          <p className="panel info" role="status" data-testid="signin-notice">
            {props.notice}
          </p>
        )}
        {error && (
          <p className="panel error" role="alert" data-testid="signin-error">
            {error}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} className="signin-form">
          <label>
            {t('signInName')}
            <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
          </label>
          <label>
            {t('signInPassword')}
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <button type="submit" className="primary" disabled={busy || name.trim() === '' || password === ''}>
            {busy ? t('signingIn') : t('signInSubmit')}
          </button>
        </form>
        <button type="button" className="link signin-lang" onClick={() => setLang(lang === 'zh-TW' ? 'en' : 'zh-TW')} aria-label={`${t('language')} (${t('languageLabel')})`}>
          <span lang={lang === 'zh-TW' ? 'en' : 'zh-Hant-TW'}>{t('language')}</span>
        </button>
      </div>
    </main>
  );
}
