import { useState, type FormEvent, type ReactNode } from 'react';
import type { ProfileSummary, ResultOf } from '../../src-main/contract/channels.ts';
import { textOf } from '../../src-main/contract/messages/render.ts';
import { BridgeCallError, api } from '../api.ts';
import { fill, useLang, useT } from '../i18n.tsx';
import { useAsync } from '../useAsync.ts';
import { fieldPlaceholder, gatewayTitle, hasProfileField, useGateways } from '../useGateways.ts';

type FieldErrors = ResultOf<'profiles:validate'>;

/** A labelled input with its own error right under it (and announced with it). */
function Field({ label, name, errors, className, children }: { label: string; name: keyof FieldErrors; errors: FieldErrors; className?: string; children: ReactNode }) {
  const { lang } = useLang();
  const problem = errors[name];
  const error = problem ? textOf(problem.msg, problem.text, lang) : null;
  return (
    <label className={className}>
      {label}
      {children}
      {error && (
        <span className="field-error error-text small" id={`err-${name}`} data-testid={`error-${name}`}>
          {error}
        </span>
      )}
    </label>
  );
}

function LastSyncBadge({ p }: { p: ProfileSummary }) {
  const t = useT();
  if (!p.lastSync || p.lastSync.state !== 'failed') return null;
  return (
    <span className="badge bad" title={p.lastSync.firstError ?? ''} data-testid="last-sync-failed">
      {fill(t('lastSyncFailed'), { from: p.lastSync.from, to: p.lastSync.to })}
    </span>
  );
}

function EditProfileForm({ p, onDone }: { p: ProfileSummary; onDone: (changed: boolean) => void }) {
  const t = useT();
  const gateways = useGateways();
  const has = (field: Parameters<typeof hasProfileField>[2]) => hasProfileField(gateways, p.gateway, field);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const text = (k: string) => String(data.get(k) ?? '').trim();
    const form = { name: text('name'), merchantId: text('merchantId'), tradeUrl: text('tradeUrl'), queryUrl: text('queryUrl'), feeRate: text('feeRate'), feeFixed: text('feeFixed') };
    setBusy(true);
    setError(null);
    try {
      const found = await api.profilesValidate({ editing: p.name, gateway: p.gateway, ...form });
      setErrors(found);
      if (Object.keys(found).length > 0) return;
      await api.profilesUpdate({
        name: p.name,
        newName: form.name,
        environment: text('environment') as 'sandbox' | 'test' | 'production',
        merchantId: form.merchantId,
        tradeUrl: form.tradeUrl,
        queryUrl: form.queryUrl || form.tradeUrl,
        ...(has('feeRate') ? { feeRate: form.feeRate, feeFixed: form.feeFixed } : {}),
      });
      onDone(true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const pct = p.feeRatePpm === null ? '' : String(p.feeRatePpm / 10_000);
  const fixed = p.feeFixedCents === null ? '' : (p.feeFixedCents / 100).toFixed(2);
  return (
    <form className="form-grid edit-profile" onSubmit={submit} aria-label={fill(t('editProfileTitle'), { name: p.name })} noValidate>
      <Field label={t('profileName')} name="name" errors={errors}>
        <input name="name" defaultValue={p.name} maxLength={40} aria-invalid={!!errors.name} autoComplete="off" />
      </Field>
      <label>
        {t('environment')}
        <select name="environment" defaultValue={p.environment}>
          <option value="sandbox">{t('envSandbox')}</option>
          <option value="test">{t('envTest')}</option>
          <option value="production">{t('envProduction')}</option>
        </select>
      </label>
      <Field label={t('merchantId')} name="merchantId" errors={errors}>
        <input name="merchantId" defaultValue={p.merchantId} maxLength={40} aria-invalid={!!errors.merchantId} autoComplete="off" />
      </Field>
      <Field label={t('baseUrl')} name="tradeUrl" errors={errors} className="wide">
        <input name="tradeUrl" defaultValue={p.tradeUrl} aria-invalid={!!errors.tradeUrl} />
      </Field>
      {has('queryUrl') && (
        <Field label={t('queryUrl')} name="queryUrl" errors={errors} className="wide">
          <input name="queryUrl" defaultValue={p.queryUrl} aria-invalid={!!errors.queryUrl} />
        </Field>
      )}
      {has('feeRate') && (
        <>
          <Field label={t('feeRate')} name="feeRate" errors={errors}>
            <input name="feeRate" inputMode="decimal" defaultValue={pct} aria-invalid={!!errors.feeRate} />
          </Field>
          <Field label={t('feeFixed')} name="feeFixed" errors={errors}>
            <input name="feeFixed" inputMode="decimal" defaultValue={fixed} aria-invalid={!!errors.feeFixed} />
          </Field>
        </>
      )}
      <div className="wide form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('cancel')}
        </button>
        {error && (
          <span role="alert" className="error-text">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}

function SecretsBadge({ p }: { p: ProfileSummary }) {
  const t = useT();
  const gateways = useGateways();
  if (p.secrets.store === 'unavailable') return <span className="badge bad">{t('keychainUnavailable')}</span>;
  const set = p.secrets.hashKey && (!hasProfileField(gateways, p.gateway, 'hashIv') || p.secrets.hashIv);
  // Keys that are set can still be wrong: green only while the last sync did not fail.
  const good = set && p.lastSync?.state !== 'failed';
  return (
    <span className={`badge ${good ? 'good' : set ? 'warn' : 'bad'}`} title={p.secrets.store === 'memory' ? t('secretsInMemory') : t('secretsInKeychain')}>
      {set ? t('secretsSet') : t('secretsMissing')} · {p.secrets.store === 'memory' ? t('secretsInMemory') : t('secretsInKeychain')}
    </span>
  );
}

function ProfileRow({ p, onChanged }: { p: ProfileSummary; onChanged: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const gateways = useGateways();
  const [test, setTest] = useState<{ state: 'idle' | 'running' } | { state: 'done'; ok: boolean; message: string; detail?: string }>({ state: 'idle' });
  const [editing, setEditing] = useState(false);
  const runTest = async () => {
    setTest({ state: 'running' });
    try {
      const r = await api.profilesTest({ name: p.name });
      setTest({ state: 'done', ok: r.ok, message: `${textOf(r.msg, r.message, lang)} (${r.ms} ms)`, detail: r.msg ? r.detail : undefined });
    } catch (err) {
      setTest({ state: 'done', ok: false, message: (err as Error).message, detail: err instanceof BridgeCallError ? err.detail : undefined });
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
        <span className="muted">{gatewayTitle(gateways, p.gateway, lang)}</span>
        <span className={`badge env-${p.environment}`}>{t(p.environment === 'sandbox' ? 'envSandbox' : p.environment === 'test' ? 'envTest' : 'envProduction')}</span>
        <SecretsBadge p={p} />
        <LastSyncBadge p={p} />
      </div>
      <div className="profile-meta mono">
        {p.merchantId} · {p.tradeUrl}
        {p.queryUrl !== p.tradeUrl ? ` · ${p.queryUrl}` : ''}
      </div>
      <div className="profile-actions">
        <button type="button" onClick={runTest} disabled={test.state === 'running'}>
          {test.state === 'running' ? t('testing') : t('testConnection')}
        </button>
        <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
          {t('editProfile')}
        </button>
        <button type="button" className="danger" onClick={remove}>
          {t('remove')}
        </button>
        {test.state === 'done' && (
          <span role="status" className={test.ok ? 'ok-text' : 'error-text'} data-testid="test-result">
            {test.ok ? '✓ ' : '✗ '}
            {test.message}
            {test.detail && (
              <details className="inline-details">
                <summary className="small muted">{t('technicalDetail')}</summary>
                <code className="small">{test.detail}</code>
              </details>
            )}
          </span>
        )}
      </div>
      {editing && (
        <EditProfileForm
          p={p}
          onDone={(changed) => {
            setEditing(false);
            if (changed) onChanged();
          }}
        />
      )}
    </li>
  );
}

function AddProfileForm({ onAdded }: { onAdded: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const gateways = useGateways();
  const [chosen, setGateway] = useState<string>();
  // The first registered gateway until the person picks one.
  const gateway = chosen ?? gateways?.[0]?.name ?? '';
  const has = (field: Parameters<typeof hasProfileField>[2]) => hasProfileField(gateways, gateway, field);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
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
      // Every field's problem at once, next to its field, before anything is stored.
      const found = await api.profilesValidate({
        gateway,
        name: text('name'),
        merchantId: text('merchantId'),
        tradeUrl: text('tradeUrl'),
        queryUrl: text('queryUrl') || undefined,
        feeRate: text('feeRate') || undefined,
        feeFixed: text('feeFixed') || undefined,
        hashKey: String(data.get('hashKey') ?? ''),
        hashIv: has('hashIv') ? String(data.get('hashIv') ?? '') : undefined,
      });
      setErrors(found);
      if (Object.keys(found).length > 0) return;
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
        hashIv: has('hashIv') ? String(data.get('hashIv') ?? '') : undefined,
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
    <form className="form-grid" onSubmit={submit} aria-label={t('addProfile')} noValidate>
      <label>
        {t('gateway')}
        <select name="gateway" value={gateway} onChange={(e) => setGateway(e.target.value)}>
          {gateways?.map((g) => (
            <option key={g.name} value={g.name}>
              {gatewayTitle(gateways, g.name, lang)}
            </option>
          ))}
        </select>
      </label>
      <Field label={t('profileName')} name="name" errors={errors}>
        <input name="name" required maxLength={40} autoComplete="off" aria-invalid={!!errors.name} />
      </Field>
      <label>
        {t('environment')}
        <select name="environment" defaultValue="">
          <option value="">{t('envAuto')}</option>
          <option value="sandbox">{t('envSandbox')}</option>
          <option value="test">{t('envTest')}</option>
          <option value="production">{t('envProduction')}</option>
        </select>
      </label>
      <Field label={t('merchantId')} name="merchantId" errors={errors}>
        <input name="merchantId" required maxLength={40} autoComplete="off" aria-invalid={!!errors.merchantId} />
      </Field>
      <Field label={t('baseUrl')} name="tradeUrl" errors={errors} className="wide">
        <input name="tradeUrl" required placeholder={fieldPlaceholder(gateways, gateway, 'tradeUrl')} aria-invalid={!!errors.tradeUrl} />
      </Field>
      {has('queryUrl') && (
        <Field label={t('queryUrl')} name="queryUrl" errors={errors} className="wide">
          <input name="queryUrl" placeholder={fieldPlaceholder(gateways, gateway, 'queryUrl')} aria-invalid={!!errors.queryUrl} />
        </Field>
      )}
      <Field label={t('hashKey')} name="hashKey" errors={errors}>
        <input name="hashKey" type="password" required autoComplete="off" aria-invalid={!!errors.hashKey} />
      </Field>
      {has('hashIv') && (
        <Field label={t('hashIv')} name="hashIv" errors={errors}>
          <input name="hashIv" type="password" required autoComplete="off" aria-invalid={!!errors.hashIv} />
        </Field>
      )}
      {has('feeRate') && (
        <>
          <Field label={t('feeRate')} name="feeRate" errors={errors}>
            <input name="feeRate" inputMode="decimal" placeholder={fieldPlaceholder(gateways, gateway, 'feeRate')} aria-invalid={!!errors.feeRate} />
          </Field>
          <Field label={t('feeFixed')} name="feeFixed" errors={errors}>
            <input name="feeFixed" inputMode="decimal" placeholder={fieldPlaceholder(gateways, gateway, 'feeFixed')} aria-invalid={!!errors.feeFixed} />
          </Field>
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
