// Settings' backups and support: back up now, restore a listed backup (checked in main first), run
// the database check, and save the diagnostics bundle for support.
import { useCallback, useEffect, useState } from 'react';
import type { ResultOf } from '../../src-main/contract/channels.ts';
import { api } from '../api.ts';
import { fill } from '../fileText.ts';
import { useT } from '../i18n.tsx';

type Status = ResultOf<'maintenance:status'>;

export function MaintenancePanel() {
  const t = useT();
  const [status, setStatus] = useState<Status | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.maintenanceStatus({}).then(setStatus, (e: Error) => setMessage({ ok: false, text: e.message }));
  }, []);
  useEffect(load, [load]);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await work() });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
      load();
    }
  };

  const backup = () => run(async () => fill(t('backupDone'), { name: (await api.maintenanceBackup({})).name }));
  const restore = (name: string) => {
    if (!window.confirm(t('restoreConfirm'))) return;
    void run(async () => {
      const r = await api.maintenanceRestore({ name });
      return fill(t('restoreDone'), { name: r.restored, n: r.auditEntries });
    });
  };
  const check = () => run(async () => {
    const r = await api.maintenanceCheck({});
    if (!r.ok) throw new Error(`${t('checkBad')} ${r.problems.slice(0, 3).join('; ')}`);
    return t('checkOk');
  });
  const diagnostics = () => run(async () => {
    const r = await api.maintenanceDiagnostics({});
    const bytes = Uint8Array.from(atob(r.contentBase64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return fill(t('diagnosticsDone'), { name: r.fileName });
  });

  return (
    <div className="panel" data-testid="maintenance">
      <h2>{t('maintenance')}</h2>
      <p className="muted">{t('maintenanceIntro')}</p>
      <p>
        <button type="button" onClick={() => void backup()} disabled={busy} data-testid="backup-now">{t('backupNow')}</button>{' '}
        <button type="button" onClick={() => void check()} disabled={busy} data-testid="check-database">{t('checkDatabase')}</button>{' '}
        <button type="button" onClick={() => void diagnostics()} disabled={busy} data-testid="save-diagnostics">{t('diagnostics')}</button>
      </p>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? '' : 'error'} data-testid="maintenance-message">
          {message.text}
        </p>
      )}
      {status && status.backups.length === 0 && <p className="muted">{t('backupsNone')}</p>}
      {status && status.backups.length > 0 && (
        <table data-testid="backups">
          <thead>
            <tr>
              <th>{t('backupTime')}</th>
              <th>{t('backupKind')}</th>
              <th>{t('backupSize')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {status.backups.map((b) => (
              <tr key={b.name}>
                <td className="mono">{b.createdAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{b.kind}</td>
                <td>{Math.ceil(b.bytes / 1024)} KiB</td>
                <td>
                  <button type="button" onClick={() => restore(b.name)} disabled={busy}>{t('restoreBackup')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
