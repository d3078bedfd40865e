import { useState, type FormEvent } from 'react';
import type { ProfileSummary } from '../../src-main/contract/channels.ts';
import { api } from '../api.ts';
import { useT } from '../i18n.tsx';
import { useAsync } from '../useAsync.ts';

type Gateway = 'flashpay' | 'firstbank';

function SecretsBadge({ p }: { p: ProfileSummary }) {
  const t = useT();
  if (p.secrets.store === 'unavailable') return <span className="badge bad">{t('keychainUnavailable')}</span>;
  const set = p.secrets.hashKey && (p.gateway === 'firstbank' || p.secrets.hashIv);
  return (
    <span className={`badge ${set ? 'good' : 'bad'}`} title={p.secrets.store === 'memory' ? t('secretsInMemory') : t('secretsInKeychain')}>
      {set ? t('secretsSet') : t('secretsMissing')} · {p.secrets.store === 'memory' ? t('secretsInMemory') : t('secretsInKeychain')}
    </span>
  );
}

function ProfileRow({ p, onChanged }: { p: ProfileSummary; onChanged: () => void }) {
  const t = useT();
  const [test, setTest] = useState<{ state: 'idle' | 'running' } | { state: 'done'; ok: boolean; message: string }>({ state: 'idle' });
  const runTest = async () => {
    setTest({ state: 'running' });
    try {
      const r = await api.profilesTest({ name: p.name });
      setTest({ state: 'done', ok: r.ok, message: `${r.message} (${r.ms} ms)` });
    } catch (err) {
      setTest({ state: 'done', ok: false, message: (err as Error).message });
    }
  };
  const remove = async () => {
    if (!window.confirm(t('confirmRemove').replace('{name}', p.name))) return;
    await api.profilesRemove({ name: p.name });
    onChanged();
  };
  return (
    <li className="profile-row" data-testid={`profile-${p.name}`}>
      <div className="profile-main">
        <strong>{p.name}</strong>
        <span className="muted">{p.gateway === 'flashpay' ? t('gatewayFlashpay') : t('gatewayFirstbank')}</span>
        <span className={`badge env-${p.environment}`}>{t(p.environment === 'sandbox' ? 'envSandbox' : p.environment === 'test' ? 'envTest' : 'envProduction')}</span>
        <SecretsBadge p={p} />
      </div>
      <div className="profile-meta mono">
        {p.merchantId} · {p.tradeUrl}
        {p.queryUrl !== p.tradeUrl ? ` · ${p.queryUrl}` : ''}
      </div>
      <div className="profile-actions">
        <button type="button" onClick={runTest} disabled={test.state === 'running'}>
          {test.state === 'running' ? t('testing') : t('testConnection')}
        </button>
        <button type="button" className="danger" onClick={remove}>
          {t('remove')}
        </button>
        {test.state === 'done' && (
          <span role="status" className={test.ok ? 'ok-text' : 'error-text'} data-testid="test-result">
            {test.ok ? '✓ ' : '✗ '}
            {test.message}
          </span>
        )}
      </div>
    </li>
  );
}

function AddProfileForm({ onAdded }: { onAdded: () => void }) {
  const t = useT();
  const [gateway, setGateway] = useState<Gateway>('flashpay');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const env = text('environment');
      const p = await api.profilesAdd({
        name: text('name'),
        gateway,
        environment: env === '' ? undefined : (env as 'sandbox' | 'test' | 'production'),
        tradeUrl: text('tradeUrl'),
        queryUrl: text('queryUrl') || undefined,
        merchantId: text('merchantId'),
        feeRate: text('feeRate') || undefined,
        feeFixed: text('feeFixed') || undefined,
        hashKey: String(data.get('hashKey') ?? ''),
        hashIv: gateway === 'flashpay' ? String(data.get('hashIv') ?? '') : undefined,
      });
      form.reset();
      setAdded(p.name);
      onAdded();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form-grid" onSubmit={submit} aria-label={t('addProfile')}>
      <label>
        {t('gateway')}
        <select name="gateway" value={gateway} onChange={(e) => setGateway(e.target.value as Gateway)}>
          <option value="flashpay">{t('gatewayFlashpay')}</option>
          <option value="firstbank">{t('gatewayFirstbank')}</option>
        </select>
      </label>
      <label>
        {t('profileName')}
        <input name="name" required maxLength={40} autoComplete="off" />
      </label>
      <label>
        {t('environment')}
        <select name="environment" defaultValue="">
          <option value="">{t('envAuto')}</option>
          <option value="sandbox">{t('envSandbox')}</option>
          <option value="test">{t('envTest')}</option>
          <option value="production">{t('envProduction')}</option>
        </select>
      </label>
      <label>
        {t('merchantId')}
        <input name="merchantId" required maxLength={40} autoComplete="off" />
      </label>
      <label className="wide">
        {t('baseUrl')}
        <input name="tradeUrl" required placeholder={gateway === 'flashpay' ? 'https://api.fl-pay.com' : 'https://pay.firstbank.com.tw'} />
      </label>
      {gateway === 'flashpay' && (
        <label className="wide">
          {t('queryUrl')}
          <input name="queryUrl" placeholder="https://www.motionlifepay.com" />
        </label>
      )}
      <label>
        {t('hashKey')}
        <input name="hashKey" type="password" required autoComplete="off" />
      </label>
      {gateway === 'flashpay' && (
        <label>
          {t('hashIv')}
          <input name="hashIv" type="password" required autoComplete="off" />
        </label>
      )}
      {gateway === 'firstbank' && (
        <>
          <label>
            {t('feeRate')}
            <input name="feeRate" inputMode="decimal" placeholder="2.75" />
          </label>
          <label>
            {t('feeFixed')}
            <input name="feeFixed" inputMode="decimal" placeholder="0" />
          </label>
        </>
      )}
      <p className="muted small wide">{t('secretsNote')}</p>
      <div className="wide form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        {error && (
          <span role="alert" className="error-text">
            {error}
          </span>
        )}
        {added && (
          <span role="status" className="ok-text">
            {t('profileAdded')}: {added}
          </span>
        )}
      </div>
    </form>
  );
}

export function ProfilesPanel() {
  const t = useT();
  const profiles = useAsync(() => api.profilesList({}));
  return (
    <>
      <div className="panel">
        <h2>{t('profiles')}</h2>
        {profiles.status === 'loading' && <p className="muted">{t('loading')}</p>}
        {profiles.status === 'error' && (
          <p role="alert" className="error-text">
            {profiles.message}
          </p>
        )}
        {profiles.status === 'ok' &&
          (profiles.value.length === 0 ? (
            <p className="muted">{t('profilesEmpty')}</p>
          ) : (
            <ul className="profile-list">
              {profiles.value.map((p) => (
                <ProfileRow key={p.id} p={p} onChanged={profiles.reload} />
              ))}
            </ul>
          ))}
      </div>
      <div className="panel">
        <h2>{t('addProfile')}</h2>
        <AddProfileForm onAdded={profiles.reload} />
      </div>
    </>
  );
}
