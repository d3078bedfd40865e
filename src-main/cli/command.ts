// The shape every `recon` subcommand takes. Commands get their I/O injected so tests can run them
// in-process as well as through the real binary.
import { InputError } from '../core/errors.ts';
import type { Lang } from '../contract/messages/catalogue.ts';
import { type Bilingual, type Message, msg, textOf } from '../contract/messages/render.ts';

export interface CliIO {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); commands that serve wait on it. */
  untilStopped(): Promise<void>;
  /** The language messages are printed in (runCli sets it from --lang and the locale). */
  lang?: Lang;
  /** Whether a language was asked for (--lang, or a locale other than C/POSIX): files follow it then. */
  langChosen?: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  required?: boolean;
  description: string;
  /** The description in Traditional Chinese (Taiwan), for `--help` under zh-TW; identifiers stay as they are. */
  zh: string;
  /** Shown in usage, e.g. 'YYYY-MM-DD'. */
  value?: string;
}

export type Options = Record<string, string | boolean | undefined>;

export interface Command {
  /** Words after `recon`, e.g. `recon profile add` is ['profile', 'add']. */
  path: string[];
  summary: string;
  /** The summary in Traditional Chinese (Taiwan), for `--help` under zh-TW. */
  summaryZh: string;
  options: Record<string, OptionSpec>;
  /** Extra usage text (stdin/stdout, exit codes). */
  details?: string;
  /** The extra usage text in Traditional Chinese (Taiwan); given whenever `details` is. */
  detailsZh?: string;
  /** Returns the exit code. Throw InputError for bad input (one line on stderr, exit 2). */
  run(options: Options, io: CliIO): Promise<number>;
}

/** Bad command-line usage: printed as one line on stderr with exit code 2. */
export class UsageError extends InputError {}

export function requireString(options: Options, name: string): string {
  const v = options[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`, { msg: msg('cli.option_missing', { option: `--${name}` }) });
  return v;
}

export function optionalString(options: Options, name: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * What the CLI prints of a coded message: in Chinese the catalogue's words; in English the core's own
 * English text, which also carries the CLI's hints (`recon resolve --action …`) and which scripts and
 * logs have always read.
 */
export function said(io: CliIO, message: Message | null | undefined, english: string): string {
  return io.lang === 'zh-TW' ? textOf(message, english, 'zh-TW') : english;
}

/** Allowed values as each language lists them: "a、b、c" in Chinese, "a, b, c" in English. */
export function choiceList(values: readonly string[]): Bilingual {
  return { 'zh-TW': values.join('、'), en: values.join(', ') };
}
