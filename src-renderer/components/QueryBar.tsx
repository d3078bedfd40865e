import { useEffect, useRef, useState } from 'react';
import type { ProfileSummary, StatusMeta } from '../../src-main/contract/channels.ts';
import { type Preset, PRESETS, matchPreset, presetRange } from '../dates.ts';
import { type StringKey, fill, useLang, useT } from '../i18n.tsx';
import { onRovingKeyDown, rovingTabIndex } from './roving.ts';
import { DateField } from './DateField.tsx';
import { gatewayLabel, useGateways } from '../useGateways.ts';

export interface QueryState {
  from: string;
  to: string;
  profileId: number | null;
  statuses: string[];
  minAmount: string;
  maxAmount: string;
  search: string;
  /** With a search: keep the date range (a chip) instead of searching all dates. */
  searchInRange: boolean;
}

const PRESET_LABEL: Record<Preset, StringKey> = {
  today: 'presetToday',
  yesterday: 'presetYesterday',
  thisWeek: 'presetThisWeek',
  last7: 'presetLast7',
  thisMonth: 'presetThisMonth',
  lastMonth: 'presetLastMonth',
  custom: 'presetCustom',
};

const QUICK_PRESETS = PRESETS.filter((p): p is Exclude<Preset, 'custom'> => p !== 'custom');

function StatusFilter({ meta, value, onChange }: { meta: StatusMeta | undefined; value: string[]; onChange: (v: string[]) => void }) {
  const t = useT();
  const { lang } = useLang();
  const gateways = useGateways();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    // Escape closes the panel and puts focus back on its button, not on the page body.
    const esc = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      if (ref.current?.contains(document.activeElement)) button.current?.focus();
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  const toggle = (v: string) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  const label = (x: { zh: string; en: string }) => (lang === 'en' ? x.en : x.zh);
  return (
    <div className="dropdown" ref={ref}>
      <button type="button" className="dropdown-button" ref={button} aria-expanded={open} aria-controls={open ? 'status-filter-panel' : undefined} onClick={() => setOpen(!open)} data-testid="status-filter">
        {t('status')}: {value.length === 0 ? t('allStatuses') : t('statusesSelected').replace('{n}', String(value.length))}
      </button>
      {open && meta && (
        <div className="dropdown-panel" id="status-filter-panel" role="group" aria-label={t('status')}>
          <fieldset>
            <legend>{t('normalizedStatuses')}</legend>
            {meta.normalized.map((s) => (
              <label key={s.value}>
                <input type="checkbox" checked={value.includes(s.value)} onChange={() => toggle(s.value)} /> {label(s)}
              </label>
            ))}
          </fieldset>
          {gateways?.map((g) => (
            <fieldset key={g.name}>
              <legend>
                {g.label.zh} {g.statusField}
              </legend>
              {g.statuses.map((s) => (
                <label key={s.code}>
                  <input type="checkbox" checked={value.includes(`${g.name}:${s.code}`)} onChange={() => toggle(`${g.name}:${s.code}`)} />{' '}
                  <span className="mono">{s.code}</span> {label(s)}
                </label>
              ))}
            </fieldset>
          ))}
          <button type="button" onClick={() => onChange([])}>
            {t('clear')}
          </button>
        </div>
      )}
    </div>
  );
}

export function QueryBar({
  state,
  onChange,
  profiles,
  meta,
  right,
}: {
  state: QueryState;
  onChange: (patch: Partial<QueryState>) => void;
  profiles: ProfileSummary[];
  meta: StatusMeta | undefined;
  right?: React.ReactNode;
}) {
  const t = useT();
  const gateways = useGateways();
  const preset = matchPreset(state.from, state.to);
  const [search, setSearch] = useState(state.search);
  useEffect(() => setSearch(state.search), [state.search]);
  // Typing waits a moment before querying, so each keystroke does not cost a round trip.
  useEffect(() => {
    if (search === state.search) return;
    const id = setTimeout(() => onChange({ search }), 250);
    return () => clearTimeout(id);
  }, [search, state.search, onChange]);

  const searching = state.search.trim() !== '';
  return (
    <div className="query-bar" role="search">
      {searching && (
        <div className="query-row search-chips" data-testid="search-chips">
          {state.searchInRange ? (
            <span className="chip" data-testid="date-chip">
              {state.from} – {state.to}
              <button type="button" className="chip-x" aria-label={t('removeDateChip')} title={t('removeDateChip')} onClick={() => onChange({ searchInRange: false })}>
                ✕
              </button>
            </span>
          ) : (
            <>
              <span className="chip on" data-testid="all-dates-chip">
                {t('searchAllDates')}
              </span>
              <button type="button" className="link-button" onClick={() => onChange({ searchInRange: true })}>
                {fill(t('searchOnlyRange'), { from: state.from, to: state.to })}
              </button>
            </>
          )}
        </div>
      )}
      <div className="query-row">
        <div className="segmented" role="radiogroup" aria-label={t('presetGroup')} onKeyDown={(e) => onRovingKeyDown(e, { select: true })}>
          {QUICK_PRESETS.map((p, i) => (
            <button
              key={p}
              type="button"
              role="radio"
              data-roving
              aria-checked={preset === p}
              tabIndex={rovingTabIndex(preset === p, i, QUICK_PRESETS.includes(preset as (typeof QUICK_PRESETS)[number]))}
              className={preset === p ? 'on' : ''}
              onClick={() => onChange(presetRange(p))}
            >
              {t(PRESET_LABEL[p])}
            </button>
          ))}
        </div>
        <label className="inline">
          {t('dateFrom')}
          <DateField value={state.from} max={state.to} onChange={(day) => day && onChange({ from: day })} label={t('dateFrom')} testId="q-from" />
        </label>
        <label className="inline">
          {t('dateTo')}
          <DateField value={state.to} min={state.from} onChange={(day) => day && onChange({ to: day })} label={t('dateTo')} testId="q-to" />
        </label>
        <span className="muted small">{t('taipeiDays')} (UTC+8)</span>
        <div className="spacer" />
        {right}
      </div>
      <div className="query-row">
        <select aria-label={t('colProfile')} value={state.profileId ?? ''} onChange={(e) => onChange({ profileId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('allProfiles')}</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({gatewayLabel(gateways, p.gateway, 'zh')})
            </option>
          ))}
        </select>
        <StatusFilter meta={meta} value={state.statuses} onChange={(statuses) => onChange({ statuses })} />
        <input className="amount-input" inputMode="decimal" placeholder={t('amountMin')} aria-label={t('amountMin')} value={state.minAmount} onChange={(e) => onChange({ minAmount: e.target.value })} />
        <span className="muted">–</span>
        <input className="amount-input" inputMode="decimal" placeholder={t('amountMax')} aria-label={t('amountMax')} value={state.maxAmount} onChange={(e) => onChange({ maxAmount: e.target.value })} />
        <input className="search-input" type="search" placeholder={t('search')} aria-label={t('search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
    </div>
  );
}
