// Steps 1-2 of reconciliation: choose the shop's ledger file, check the column mapping against a
// preview (suggested from the headers, or the one saved for this profile), then import it.
import { textOf } from '../../src-main/contract/messages/render.ts';
import { useState } from 'react';
import type { LedgerImportResult, LedgerMapping, LedgerPreviewResult, ProfileSummary, SuffixRuleValue } from '../../src-main/contract/channels.ts';
import { api } from '../api.ts';
import { fileToBase64, fill } from '../fileText.ts';
import { type StringKey, useLang, useT } from '../i18n.tsx';
import { useGateways } from '../useGateways.ts';

type Field = keyof LedgerMapping;
const FIELDS: Array<{ field: Field; label: StringKey; required: boolean; firstBankOnly?: boolean }> = [
  { field: 'orderNo', label: 'fieldOrderNo', required: true },
  { field: 'amount', label: 'fieldAmount', required: true },
  { field: 'date', label: 'fieldDate', required: true },
  { field: 'status', label: 'fieldStatus', required: true },
  { field: 'gateway', label: 'fieldGateway', required: false },
  { field: 'reCheckId', label: 'fieldReCheckId', required: false, firstBankOnly: true },
  { field: 'payType', label: 'fieldPayType', required: false, firstBankOnly: true },
];

export const MAX_FILE_BYTES = 15 * 1024 * 1024;

export function LedgerImport({ profile, onImported }: { profile: ProfileSummary; onImported: (r: LedgerImportResult) => void }) {
  const t = useT();
  const { lang } = useLang();
  const gateways = useGateways();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [preview, setPreview] = useState<LedgerPreviewResult | null>(null);
  const [mapping, setMapping] = useState<LedgerMapping>({});
  const [suffix, setSuffix] = useState<SuffixRuleValue>({ kind: 'none' });
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  // Reference columns only for a gateway whose orders a ledger row can make known (First Bank).
  const ledgerRefs = gateways?.find((g) => g.name === profile.gateway)?.capabilities.ledgerRefs ?? false;
  const fields = FIELDS.filter((f) => !f.firstBankOnly || ledgerRefs);
  const missing = fields.filter((f) => f.required && !mapping[f.field]);

  const choose = async (chosen: File | undefined) => {
    setPreview(null);
    setResult(null);
    setError(null);
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      setError(`${chosen.name}: > 15 MB`);
      return;
    }
    setBusy('reading');
    try {
      const base64 = await fileToBase64(chosen);
      const p = await api.ledgerPreview({ profile: profile.name, fileName: chosen.name, contentBase64: base64 });
      setFile({ name: chosen.name, base64 });
      setPreview(p);
      setMapping(p.mapping);
      setSuffix(p.suffixRule);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    if (!file) return;
    setBusy('importing');
    setError(null);
    try {
      const r = await api.ledgerImport({ profile: profile.name, fileName: file.name, contentBase64: file.base64, mapping, suffixRule: suffix });
      setResult(r);
      onImported(r);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const fieldOfColumn = (header: string): Field | undefined => fields.find((f) => mapping[f.field] === header)?.field;
  const labelOf = (field: Field) => t(FIELDS.find((f) => f.field === field)!.label);

  return (
    <section className="panel" aria-label={t('ledgerStep1')}>
      <h2>{t('ledgerStep1')}</h2>
      <p className="muted small">{t('ledgerFileHint')}</p>
      <label className="file-pick">
        <span>{t('ledgerFile')}</span>
        <input
          type="file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={t('ledgerFile')}
          onChange={(e) => void choose(e.target.files?.[0])}
        />
      </label>
      {busy === 'reading' && <p className="muted">{t('ledgerReading')}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {preview && (
        <div className="ledger-mapping" data-testid="ledger-mapping">
          <h2>{t('ledgerStep2')}</h2>
          <p className="small">
            <span className={`badge ${preview.mappingSource === 'saved' ? 'good' : ''}`} data-testid="mapping-source">
              {t(preview.mappingSource === 'saved' ? 'ledgerMappingSaved' : 'ledgerMappingSuggested')}
            </span>{' '}
            <span className="muted">
              {preview.fileName} · {t('ledgerEncoding')} {preview.encoding} · {fill(t('ledgerRows'), { n: preview.totalRows })}
            </span>
          </p>
          <div className="form-grid mapping-grid">
            {fields.map((f) => (
              <label key={f.field}>
                <span>
                  {t(f.label)} {f.required && <span className="req">*</span>}
                </span>
                <select
                  aria-label={t(f.label)}
                  value={mapping[f.field] ?? ''}
                  onChange={(e) => setMapping((m) => ({ ...m, [f.field]: e.target.value || undefined }))}
                  className={f.required && !mapping[f.field] ? 'invalid' : ''}
                >
                  <option value="">{t('ledgerNotMapped')}</option>
                  {preview.headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <label>
              <span>{t('suffixRule')}</span>
              <select
                aria-label={t('suffixRule')}
                value={suffix.kind}
                onChange={(e) => {
                  const kind = e.target.value;
                  setSuffix(kind === 'regex' ? { kind: 'regex', pattern: suffix.kind === 'regex' ? suffix.pattern : 'A\\d{4}$' } : kind === 'lastA4' ? { kind: 'lastA4' } : { kind: 'none' });
                }}
              >
                <option value="none">{t('suffixNone')}</option>
                <option value="lastA4">{t('suffixLastA4')}</option>
                <option value="regex">{t('suffixRegex')}</option>
              </select>
            </label>
            {suffix.kind === 'regex' && (
              <label>
                <span>{t('suffixPattern')}</span>
                <input className="mono" aria-label={t('suffixPattern')} value={suffix.pattern} onChange={(e) => setSuffix({ kind: 'regex', pattern: e.target.value })} />
              </label>
            )}
          </div>
          <h3 className="small muted">{t('ledgerPreview')}</h3>
          {/* Focusable, so a keyboard can scroll a preview wider or taller than its box. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('ledgerPreview')}>
            <table className="mini-table preview-table" data-testid="ledger-preview">
              <thead>
                <tr>
                  {preview.headers.map((h) => {
                    const f = fieldOfColumn(h);
                    return (
                      <th key={h} className={f ? 'mapped' : ''}>
                        <div>{h}</div>
                        <div className="small field-tag">{f ? labelOf(f) : '—'}</div>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) => (
                      <td key={j} className={fieldOfColumn(preview.headers[j] ?? '') ? 'mapped' : ''}>
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" className="primary" onClick={() => void runImport()} disabled={busy !== null || missing.length > 0 || (suffix.kind === 'regex' && suffix.pattern.trim() === '')}>
              {busy === 'importing' ? t('ledgerImporting') : t('ledgerImport')}
            </button>
            {missing.length > 0 && <span className="error-text small">{missing.map((f) => t(f.label)).join('、')}: {t('ledgerRequired')}</span>}
          </div>
        </div>
      )}
      {result && (
        <div className="import-result" data-testid="import-result" role="status">
          <p className="ok-text">{fill(t('ledgerImported'), { n: result.imported, from: result.from, to: result.to })}</p>
          {result.registered > 0 && <p className="small">{fill(t('ledgerRegistered'), { n: result.registered })}</p>}
          {result.skipped > 0 && <p className="small muted">{fill(t('ledgerSkipped'), { n: result.skipped })}</p>}
          {result.badCount > 0 && (
            <>
              <p className="error-text">{fill(t('ledgerBad'), { n: result.badCount })}</p>
              <table className="mini-table" data-testid="bad-rows">
                <thead>
                  <tr>
                    <th>{t('ledgerBadRow')}</th>
                    <th>{t('ledgerBadColumn')}</th>
                    <th>{t('ledgerBadValue')}</th>
                    <th>{t('ledgerBadReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.bad.map((b) => (
                    <tr key={`${b.row}-${b.column}`}>
                      <td className="num">{b.row}</td>
                      <td>{b.column}</td>
                      <td className="mono">{b.value || '—'}</td>
                      <td>{textOf(b.reasonMsg, b.reason, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
