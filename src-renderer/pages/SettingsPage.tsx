import type { ResultOf } from '../../src-main/contract/channels.ts';
import { useT } from '../i18n.tsx';
import { ProfilesPanel } from './ProfilesPanel.tsx';
import { MaintenancePanel } from '../components/MaintenancePanel.tsx';

export function SettingsPage({ info }: { info: ResultOf<'app:info'> | undefined }) {
  const t = useT();
  return (
    <section>
      <h1>{t('navSettings')}</h1>
      <ProfilesPanel />
      <MaintenancePanel />
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
