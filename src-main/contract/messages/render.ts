// Renders a message code with its parameters in one language, with Intl doing numbers and plurals.
// Pure (no Node, no DOM): the renderer, the CLI and the workbook share it.
import { IntlMessageFormat } from 'intl-messageformat';
import { type DayStyle, formatDay, formatDayTime } from '../day-text.ts';
import { formatCents, formatTaipeiMs } from '../format.ts';
import { CATALOGUE, type Lang, type MessageCode } from './catalogue.ts';

/** A text the core has in both languages (a gateway's own status name, from its adapter). */
export interface Bilingual {
  'zh-TW': string;
  en: string;
}

/** A parameter may itself be a message (a sync error's reason is a network error's message). */
export type ParamValue = string | number | boolean | null | Message | Bilingual;
export interface Message {
  code: MessageCode;
  params: Record<string, ParamValue>;
}

export function msg(code: MessageCode, params: Record<string, ParamValue> = {}): Message {
  return { code, params };
}

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(CATALOGUE, code);
}

const compiled = new Map<string, IntlMessageFormat>();

function formatter(code: MessageCode, lang: Lang): IntlMessageFormat {
  const key = `${lang}\u0000${code}`;
  let f = compiled.get(key);
  if (!f) {
    f = new IntlMessageFormat(CATALOGUE[code][lang], lang === 'zh-TW' ? 'zh-Hant-TW' : 'en');
    compiled.set(key, f);
  }
  return f;
}

/** Parameters as the text shows them: money, instants and days follow the conventions of catalogue.ts. */
export function displayParams(params: Record<string, ParamValue>, lang: Lang, dayStyle: DayStyle = 'western'): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === null) out[name] = '—';
    else if (typeof value === 'object') out[name] = 'code' in value ? renderMessage(value, lang, { dayStyle }) : value[lang];
    else if (typeof value === 'boolean') out[name] = String(value);
    else if (name.endsWith('Cents') && typeof value === 'number') out[name.slice(0, -5)] = `NT$${formatCents(value, { grouped: true })}`;
    else if (name.endsWith('Ms') && typeof value === 'number') out[name.slice(0, -2)] = formatDayTime(formatTaipeiMs(value), dayStyle, lang);
    else if (name.endsWith('Day') && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[name] = formatDay(value, dayStyle, lang);
    else out[name] = value;
  }
  return out;
}

export function renderMessage(message: Message, lang: Lang, options: { dayStyle?: DayStyle } = {}): string {
  const text = formatter(message.code, lang).format(displayParams(message.params, lang, options.dayStyle));
  return Array.isArray(text) ? text.join('') : String(text);
}

/** Text for a person: the message when there is one, else the plain text that came with it. */
export function textOf(message: Message | null | undefined, fallback: string, lang: Lang, options: { dayStyle?: DayStyle } = {}): string {
  return message && isMessageCode(message.code) ? renderMessage(message, lang, options) : fallback;
}
