import type { ResultOf } from '../../src-main/contract/channels.ts';
import { useState, type FormEvent } from 'react';
import { api, isDesktop } from '../api.ts';
import { fill, useT } from '../i18n.tsx';
import { useSession } from '../session.tsx';
import { ProfilesPanel } from './ProfilesPanel.tsx';
import { MaintenancePanel } from '../components/MaintenancePanel.tsx';
import { useDays } from '../dayStyle.tsx';
import { DAY_STYLES } from '../../src-main/contract/day-text.ts';

export function SettingsPage({ info }: { info: ResultOf<'app:info'> | undefined }) {
  const t = useT();
  return (
    <section>
      <h1>{t('navSettings')}</h1>
      {isDesktop && <TeamConnectPanel />}
      <ProfilesPanel />
      <MaintenancePanel />
      <DayStylePanel />
      <div className="panel">
        <h2>{t('about')}</h2>
        {!info ? (
          <p className="muted">{t('loading')}</p>
        ) : (
          <dl className="facts" data-testid="app-info">
            <dt>{t('version')}</dt>
            <dd data-testid="info-version">{info.version}</dd>
            <dt>{t('shell')}</dt>
            <dd data-testid="info-shell">{info.shell === 'electron' ? t('shellElectron') : t('shellWeb')}</dd>
            <dt>{t('mode')}</dt>
            <dd>{info.demo ? t('demoMode') : t('liveMode')}</dd>
            <dt>{t('dataDir')}</dt>
            <dd className="mono" data-testid="info-datadir">
              {info.dataDir}
            </dd>
            <dt>{t('runtime')}</dt>
            <dd className="mono">
              Node {info.node} · {info.platform}
            </dd>
          </dl>
        )}
      </div>
    </section>
  );
}

function DayStylePanel() {
  const t = useT();
  const days = useDays();
  return (
    <div className="panel">
      <fieldset className="plain" data-testid="day-style">
        <legend>
          <h2>{t('dayStyle')}</h2>
        </legend>
        {DAY_STYLES.map((s) => (
          <label key={s} className="inline radio">
            <input type="radio" name="day-style" value={s} checked={days.style === s} onChange={() => days.setStyle(s)} />
            {t(s === 'roc' ? 'dayStyleRoc' : 'dayStyleWestern')}
          </label>
        ))}
        <p className="muted small">{t('dayStyleHint')}</p>
      </fieldset>
    </div>
  );
}

/** The desktop's "Connect to a team server": address, the pinned fingerprint, name and password. */
export function TeamConnectPanel() {
  const t = useT();
  const { info, refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function connect(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api.teamConnect({
        url: String(data.get('url') ?? '').trim(),
        fingerprint: String(data.get('fingerprint') ?? '').trim(),
        name: String(data.get('name') ?? '').trim(),
        password: String(data.get('password') ?? ''),
      });
      refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (info.mode === 'team') {
    return (
      <div className="panel" data-testid="team-connect">
        <h2>{t('teamConnectTitle')}</h2>
        <p>{fill(t('teamConnectedTo'), { url: info.url ?? '', name: info.name })}</p>
      </div>
    );
  }
  return (
    <div className="panel" data-testid="team-connect">
      <h2>{t('teamConnectTitle')}</h2>
      <p className="muted small">{t('teamConnectIntro')}</p>
      <form className="team-connect-form" onSubmit={(e) => void connect(e)}>
        <label>
          {t('teamUrl')}
          <input name="url" type="url" required placeholder="https://" maxLength={300} />
        </label>
        <label>
          {t('teamFingerprint')}
          <input name="fingerprint" required className="mono" maxLength={100} spellCheck={false} />
        </label>
        <label>
          {t('signInName')}
          <input name="name" required autoComplete="username" maxLength={64} />
        </label>
        <label>
          {t('signInPassword')}
          <input name="password" type="password" required autoComplete="current-password" maxLength={200} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('teamConnecting') : t('teamConnect')}
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
