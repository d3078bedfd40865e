// A date field that shows and reads days as a Taiwanese user writes them (2026/11/30, or 民國
// 115/11/30), whatever the operating system's locale: a native <input type=date> would show the OS's
// order (mm/dd/yyyy on an English system). The calendar button still opens the browser's picker.
import { useEffect, useId, useRef, useState } from 'react';
import { parseDayInput } from '../../src-main/contract/day-text.ts';
import { useDays } from '../dayStyle.tsx';
import { fill, useT } from '../i18n.tsx';

export interface DateFieldProps {
  /** 'YYYY-MM-DD', or '' for "no day" when allowEmpty. */
  value: string;
  onChange: (day: string) => void;
  label: string;
  min?: string;
  max?: string;
  allowEmpty?: boolean;
  testId?: string;
  /** For a plain form: a hidden input of this name carries the day as YYYY-MM-DD. */
  name?: string;
}

type Problem = null | 'shape' | 'calendar' | 'empty' | 'beforeMin' | 'afterMax';

export function DateField({ value, onChange, label, min, max, allowEmpty = false, testId, name }: DateFieldProps) {
  const t = useT();
  const days = useDays();
  const shown = value ? days.day(value) : '';
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<Problem>(null);
  const editing = useRef(false);
  const picker = useRef<HTMLInputElement>(null);
  const errorId = useId();
  // A new value from outside (a preset, the URL, the style switch) replaces the text unless the user is typing.
  useEffect(() => {
    if (!editing.current) {
      setText(shown);
      setProblem(null);
    }
  }, [shown]);

  const commit = () => {
    editing.current = false;
    const parsed = parseDayInput(text);
    if (!parsed.ok) {
      if (parsed.reason === 'empty' && allowEmpty) {
        setProblem(null);
        if (value !== '') onChange('');
        return;
      }
      setProblem(parsed.reason);
      return;
    }
    if (min && parsed.day < min) return setProblem('beforeMin');
    if (max && parsed.day > max) return setProblem('afterMax');
    setProblem(null);
    setText(days.day(parsed.day));
    if (parsed.day !== value) onChange(parsed.day);
  };

  const message =
    problem === 'beforeMin' ? fill(t('dateBeforeMin'), { day: days.day(min!) })
    : problem === 'afterMax' ? fill(t('dateAfterMax'), { day: days.day(max!) })
    : problem === 'calendar' ? t('dateNotReal')
    : problem ? fill(t('dateShape'), { example: days.day('2026-11-30') })
    : null;

  return (
    <span className="date-field">
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        className={`mono${days.style === 'roc' ? ' roc' : ''}`}
        value={text}
        placeholder={days.style === 'roc' ? t('datePlaceholderRoc') : t('datePlaceholder')}
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={problem ? errorId : undefined}
        data-testid={testId}
        onChange={(e) => {
          editing.current = true;
          setText(e.target.value);
          if (problem) setProblem(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <button
        type="button"
        className="icon-button"
        aria-label={fill(t('datePick'), { field: label })}
        onClick={() => {
          const el = picker.current;
          if (!el) return;
          try {
            el.showPicker();
          } catch {
            el.focus();
          }
        }}
      >
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="1.75" y="2.75" width="12.5" height="11.5" rx="1.5" />
          <path d="M1.75 6.25h12.5M5 1v3.5M11 1v3.5" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="picker-proxy"
        tabIndex={-1}
        aria-hidden="true"
        value={value}
        min={min}
        max={max}
        onChange={(e) => {
          if (!e.target.value) return;
          editing.current = false;
          setProblem(null);
          onChange(e.target.value);
        }}
      />
      {name && <input type="hidden" name={name} value={value} />}
      {message && (
        <span id={errorId} className="field-error small" role="alert">
          {message}
        </span>
      )}
    </span>
  );
}
