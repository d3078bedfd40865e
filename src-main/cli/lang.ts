// The CLI speaks its user's language: zh-TW when asked with `--lang zh-TW` or when the locale
// (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them) is Taiwanese Chinese; English otherwise.
import type { Lang } from '../contract/messages/catalogue.ts';
import { UsageError } from './command.ts';
import { msg } from '../contract/messages/render.ts';

function fromLocale(value: string | undefined): Lang | null {
  if (!value) return null;
  return /^zh[_-](TW|Hant)/i.test(value) ? 'zh-TW' : 'en';
}

/** C and POSIX name no language: output is English, a workbook stays bilingual. */
function namesLanguage(value: string | undefined): boolean {
  return !!value && !/^(C|POSIX)([._@].*)?$/i.test(value);
}

/** The language for this run and the arguments without `--lang X` (or `--lang=X`), wherever it stood. */
export function cliLanguage(argv: string[], env: Record<string, string | undefined>): { lang: Lang; argv: string[]; chosen: boolean } {
  const rest: string[] = [];
  let chosen: Lang | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = a === '--lang' ? argv[++i] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === undefined && a !== '--lang') {
      rest.push(a);
      continue;
    }
    if (value === 'zh-TW' || value === 'zh_TW') chosen = 'zh-TW';
    else if (value === 'en') chosen = 'en';
    else throw new UsageError(`--lang takes zh-TW or en, not ${JSON.stringify(value ?? '')}`, { msg: msg('cli.bad_lang', { value: value ?? '' }) });
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => !!v);
  const lang = chosen ?? fromLocale(env.LC_ALL) ?? fromLocale(env.LC_MESSAGES) ?? fromLocale(env.LANG) ?? 'en';
  return { lang, argv: rest, chosen: chosen !== null || namesLanguage(locale) };
}
