// The Excel export button with progress, cancel and the finished file's path (and, in the web shell,
// a download link). Used by the Orders and Settlement pages; the export always covers every row of
// the filter, never just what is on screen.
import { useEffect, useState } from 'react';
import type { JobProgress, OrderFilterRequest, ResultOf } from '../../src-main/contract/channels.ts';
import { textOf } from '../../src-main/contract/messages/render.ts';
import { api } from '../api.ts';
import { useLang, useT } from '../i18n.tsx';
import { useDays } from '../dayStyle.tsx';

type Started = ResultOf<'export:start'>;

export function useExport(kind: 'orders' | 'settlement') {
  // The workbook is written in the page's language (sheet names, headers, details).
  const { lang } = useLang();
  const days = useDays();
  const [started, setStarted] = useState<Started | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobs, setJobs] = useState<Record<string, JobProgress>>({});
  // Subscribed before any export starts, so even a very short job's events are seen.
  useEffect(() => api.onJobProgress((p) => p.kind === 'export' && setJobs((j) => ({ ...j, [p.jobId]: p }))), []);
  const job = started ? jobs[started.jobId] : undefined;
  const exporting = started !== null && (!job || job.state === 'running');
  const start = async (filter: OrderFilterRequest) => {
    setError(null);
    try {
      setStarted(await api.exportStart({ kind, filter, lang, dayStyle: days.style }));
    } catch (err) {
      setStarted(null);
      setError((err as Error).message);
    }
  };
  const cancel = () => {
    if (started) void api.jobsCancel({ jobId: started.jobId });
  };
  return { started, job, exporting, error, start, cancel };
}

export function ExportBox(props: { exporting: boolean; job: JobProgress | undefined; disabled: boolean; onStart: () => void; onCancel: () => void; testId: string }) {
  const t = useT();
  const { exporting, job } = props;
  const pct = job?.total ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;
  return (
    <div className="export-box">
      <button type="button" className="primary" onClick={props.onStart} disabled={props.disabled || exporting} data-testid={props.testId}>
        {exporting ? t('stExporting') : t('stExport')}
      </button>
      {exporting && (
        <>
          <progress max={100} value={pct} aria-label={t('stExporting')} />
          <button type="button" onClick={props.onCancel}>
            {t('cancel')}
          </button>
        </>
      )}
    </div>
  );
}

export function ExportStatus({ job, started, error, testId }: { job: JobProgress | undefined; started: Started | null; error: string | null; testId: string }) {
  const t = useT();
  const days = useDays();
  return (
    <div role="status" className="small export-status" data-testid={`${testId}-status`}>
      {error ? (
        <span className="error-text">
          {t('stExportFailed')}: {error}
        </span>
      ) : job?.state === 'done' && started ? (
        <span className="ok-text">
          ✓ {t('stExportDone')}:{' '}
          <span className="mono" data-testid={`${testId}-path`}>
            {started.path}
          </span>
          {started.downloadUrl && (
            <>
              {' '}
              <a href={started.downloadUrl} download={started.fileName} data-testid={`${testId}-download`}>
                {t('stDownload')}
              </a>
            </>
          )}
        </span>
      ) : job?.state === 'failed' ? (
        <span className="error-text">
          {t('stExportFailed')}: {textOf(job.messageMsg, job.message, days.lang, { dayStyle: days.style })}
        </span>
      ) : job?.state === 'cancelled' ? (
        <span className="muted">{t('stExportCancelled')}</span>
      ) : null}
    </div>
  );
}
