import type { ResultOf } from '../../src-main/contract/channels.ts';
import { useT } from '../i18n.tsx';
import { ProfilesPanel } from './ProfilesPanel.tsx';
import { MaintenancePanel } from '../components/MaintenancePanel.tsx';
import { useDays } from '../dayStyle.tsx';
import { DAY_STYLES } from '../../src-main/contract/day-text.ts';

export function SettingsPage({ info }: { info: ResultOf<'app:info'> | undefined }) {
  const t = useT();
  return (
    <section>
      <h1>{t('navSettings')}</h1>
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
