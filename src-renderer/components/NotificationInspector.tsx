// Paste or load gateway notifications and see each verified and decoded by main with the profile's
// keys; then ingest the valid ones into the order cache (a missed notification, delivered late).
import { textOf } from '../../src-main/contract/messages/render.ts';
import { useState } from 'react';
import type { InspectedNotificationRow, ProfileSummary, ResultOf, StatusMeta } from '../../src-main/contract/channels.ts';
import { formatCents } from '../../src-main/contract/format.ts';
import { api } from '../api.ts';
import { fill } from '../fileText.ts';
import { type StringKey, useLang, useT } from '../i18n.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { gatewayLabel, useGateways } from '../useGateways.ts';

const MAX_TEXT = 2 * 1024 * 1024;

export function NotificationInspector({ profile, meta }: { profile: ProfileSummary; meta: StatusMeta | undefined }) {
  const t = useT();
  const { lang } = useLang();
  const gateways = useGateways();
  const [text, setText] = useState('');
  const [items, setItems] = useState<InspectedNotificationRow[] | null>(null);
  const [ingest, setIngest] = useState<ResultOf<'notifications:ingest'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: 'inspect' | 'ingest') => {
    setBusy(true);
    setError(null);
    try {
      if (what === 'inspect') {
        setIngest(null);
        setItems((await api.notificationsInspect({ profile: profile.name, text })).items);
      } else {
        const r = await api.notificationsIngest({ profile: profile.name, text });
        setIngest(r);
        setItems(r.items);
      }
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const load = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_TEXT) {
      setError(`${file.name}: > 2 MB`);
      return;
    }
    setText(await file.text());
    setItems(null);
    setIngest(null);
  };

  const outcomeOf = (index: number) => ingest?.outcomes.find((o) => o.index === index);

  return (
    <section className="panel" aria-label={t('reconTabInspector')}>
      <h2>{t('reconTabInspector')}</h2>
      <p className="muted small">{t('inspectorHint')}</p>
      <textarea
        className="mono notif-text"
        aria-label={t('inspectorText')}
        placeholder="ver=1.0.0&dat=…&chk=…"
        value={text}
        rows={6}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="form-actions">
        <label className="file-pick inline">
          <span>{t('inspectorLoad')}</span>
          <input type="file" accept=".txt,.log,text/plain" aria-label={t('inspectorLoad')} onChange={(e) => void load(e.target.files?.[0])} />
        </label>
        <button type="button" className="primary" disabled={busy || text.trim() === ''} onClick={() => void run('inspect')}>
          {t('inspect')}
        </button>
        <button type="button" disabled={busy || text.trim() === '' || !items?.some((i) => i.ok)} onClick={() => void run('ingest')}>
          {t('ingest')}
        </button>
        {ingest && (
          <span role="status" className="ok-text" data-testid="ingested">
            {fill(t('ingested'), { n: ingest.ingested })}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {items && (
        <ol className="notif-list" data-testid="notifications">
          {items.map((i) => {
            const outcome = outcomeOf(i.index);
            return (
              <li key={i.index} className={`notif ${i.ok ? 'ok' : 'bad'}`} data-testid="notification" data-ok={i.ok}>
                <div className="notif-head">
                  <span className={`badge ${i.ok ? 'good' : 'bad'}`}>{i.ok ? `✓ ${t('notifValid')}` : `✕ ${t('notifInvalid')}`}</span>
                  <span className="muted small">
                    #{i.index} · {i.kind === 'unknown' ? '?' : gatewayLabel(gateways, i.kind, lang)}
                  </span>
                  {i.decoded && (
                    <>
                      <span className="mono">{i.decoded.orderNo}</span>
                      <StatusBadge gateway={profile.gateway} status={i.decoded.status} code={i.decoded.statusCode} meta={meta} />
                      <span className="num">{i.decoded.amount === null ? '—' : formatCents(i.decoded.amount, { grouped: true })}</span>
                      <span className="small">{i.decoded.paid ? t('notifPaid') : t('notifNotPaid')}</span>
                    </>
                  )}
                  {outcome && (
                    <span className="badge" title={outcome.reason === undefined ? undefined : textOf(outcome.reasonMsg, outcome.reason, lang)}>
                      {t(`outcome_${outcome.outcome}` as StringKey)}
                    </span>
                  )}
                </div>
                {i.error && <div className="error-text small">{textOf(i.errorMsg, i.error, lang)}</div>}
                {outcome?.reason && <div className="small muted">{textOf(outcome.reasonMsg, outcome.reason, lang)}</div>}
                {i.warnings.map((w, n) => (
                  <div key={w} className="warn-text small">
                    {t('notifWarnings')}: {textOf(i.warningMessages?.[n], w, lang)}
                  </div>
                ))}
                {i.decoded ? (
                  <details>
                    <summary className="small">{i.decoded.orderedAt ?? ''} · {Object.keys(i.decoded.fields).length} fields</summary>
                    <table className="mini-table">
                      <tbody>
                        {Object.entries(i.decoded.fields).map(([k, v]) => (
                          <tr key={k}>
                            <th className="mono">{k}</th>
                            <td className="mono wrap">{v}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                ) : (
                  <div className="mono small muted wrap">{i.excerpt}</div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
