// `recon`: the console's command line, for scheduled jobs and scripts. Bad input is one line on
// stderr and exit code 2; nothing is written.
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CliIO, type Command, UsageError } from './command.ts';
import { commands } from './commands/index.ts';
import { ReconError, errorMessage } from '../core/errors.ts';
import { dataDirFromEnv } from '../core/paths.ts';
import { acquireInstanceLock, acquireSharedLock } from '../core/ops/instance-lock.ts';
import { log, logProcessFailures, logUnexpected, setLogger, unexpectedMessage } from '../core/ops/log.ts';
import { storeDamage } from '../core/store/health.ts';
import { cliLanguage } from './lang.ts';
import type { Lang } from '../contract/messages/catalogue.ts';
import { msg, renderMessage } from '../contract/messages/render.ts';

/** The words of `--help` around the commands' own texts. */
const HELP_WORDS: Record<Lang, { usage: (command: string) => string; anyCommand: string; commands: string; more: string; environment: string; required: string }> = {
  en: {
    usage: (command) => `Usage: recon ${command} [options]`,
    anyCommand: '<command>',
    commands: 'Commands:',
    more: 'Run `recon <command> --help` for a command\'s options.',
    environment: 'Environment: RECON_DATA_DIR (database folder), RECON_KEYCHAIN_SERVICE (keychain service name).',
    required: ' (required)',
  },
  'zh-TW': {
    usage: (command) => `用法：recon ${command} [選項]`,
    anyCommand: '<指令>',
    commands: '指令：',
    more: '執行 `recon <指令> --help` 查看該指令的選項。',
    environment: '環境變數：RECON_DATA_DIR（資料庫所在的資料夾）、RECON_KEYCHAIN_SERVICE（金鑰圈中的服務名稱）。',
    required: '（必填）',
  },
};

/** `recon --help`: every command and what it does, in the user's language (English by default). */
export function usage(list: Command[] = commands, lang: Lang = 'en'): string {
  const words = HELP_WORDS[lang];
  const lines = [words.usage(words.anyCommand), '', words.commands];
  for (const c of list) lines.push(`  recon ${c.path.join(' ').padEnd(22)} ${lang === 'zh-TW' ? c.summaryZh : c.summary}`);
  lines.push('', words.more);
  lines.push(words.environment);
  return lines.join('\n');
}

/** `recon <command> --help`: its options and notes, in the user's language; option names and placeholders stay as typed. */
export function commandUsage(c: Command, lang: Lang = 'en'): string {
  const words = HELP_WORDS[lang];
  const zh = lang === 'zh-TW';
  const lines = [words.usage(c.path.join(' ')), '', zh ? c.summaryZh : c.summary, ''];
  for (const [name, spec] of Object.entries(c.options)) {
    const flag = spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`;
    lines.push(`  ${flag.padEnd(30)} ${zh ? spec.zh : spec.description}${spec.required ? words.required : ''}`);
  }
  const details = zh ? (c.detailsZh ?? c.details) : c.details;
  if (details) lines.push('', details);
  return lines.join('\n');
}

function findCommand(argv: string[], list: Command[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const c of list) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.command.path.length)) {
      best = { command: c, rest: argv.slice(c.path.length) };
    }
  }
  return best;
}

export async function runCli(argvIn: string[], ioIn: CliIO, list: Command[] = commands): Promise<number> {
  let lang: Lang = 'en';
  try {
    const chosen = cliLanguage(argvIn, ioIn.env);
    lang = chosen.lang;
    const argv = chosen.argv;
    const io: CliIO = { ...ioIn, lang, langChosen: chosen.chosen };
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(`${usage(list, lang)}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    const found = findCommand(argv, list);
    // `recon user`, `recon team --help`: the group's commands rather than "no such command".
    const group = found ? [] : list.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
    if (group.length > 0) {
      io.stdout(`${usage(group, lang)}\n`);
      return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
    }
    if (!found) {
      const asked = `recon ${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}`;
      throw new UsageError(`unknown command: ${asked} (see recon --help)`, { msg: msg('cli.unknown_command', { command: asked }) });
    }
    const { command, rest } = found;
    // The command's name only: option values may be secrets.
    log().info({ command: command.path.join(' ') }, 'recon command');
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${commandUsage(command, lang)}\n`);
      return 0;
    }
    let values: Record<string, string | boolean | undefined>;
    try {
      const parsed = parseArgs({
        args: rest,
        options: Object.fromEntries(Object.entries(command.options).map(([k, v]) => [k, { type: v.type }])),
        strict: true,
        allowPositionals: false,
      });
      values = parsed.values as Record<string, string | boolean | undefined>;
    } catch (err) {
      const reason = errorMessage(err).replace(/\. To specify.*$/s, '');
      throw new UsageError(`recon ${command.path.join(' ')}: ${reason}`, { msg: msg('cli.bad_option', { command: `recon ${command.path.join(' ')}`, reason }), detail: reason });
    }
    for (const [name, spec] of Object.entries(command.options)) {
      if (spec.required && (values[name] === undefined || values[name] === '')) {
        throw new UsageError(`recon ${command.path.join(' ')}: --${name} is required (see --help)`, { msg: msg('cli.option_required', { command: `recon ${command.path.join(' ')}`, option: `--${name}` }) });
      }
    }
    // Commands that write (the database, or files named after it) never run beside a console on the
    // same data folder; restore replaces the database, so it must be alone even among CLI commands.
    const name = command.path.join(' ');
    const folder = dataDirFromEnv(io.env);
    const lock = name === 'restore' ? acquireInstanceLock(folder, `recon ${name}`) : WRITING_COMMANDS.has(name) ? acquireSharedLock(folder, `recon ${name}`) : undefined;
    try {
      return await command.run(values, io);
    } finally {
      lock?.release();
    }
  } catch (err) {
    if (err instanceof ReconError) {
      // The catalogue message in the user's language, the technical reason beside it: one line.
      const text = err.msg && lang !== 'en' ? renderMessage(err.msg, lang) : (err.message.split('\n')[0] ?? '');
      const detail = err.msg && err.detail && !text.includes(err.detail) ? ` (${err.detail})` : '';
      ioIn.stderr(`recon: ${text}${detail}\n`);
      return err.code === 'input' || err.code === 'signature' ? 2 : 1;
    }
    const damaged = storeDamage(err);
    const errorId = logUnexpected(err);
    const english = damaged ? `${damaged.message} (error id ${errorId})` : unexpectedMessage(errorId);
    const said = lang === 'en' ? english : renderMessage(damaged ? msg('cli.store_damaged', { errorId }) : msg('error.unexpected', { errorId }), lang);
    ioIn.stderr(`recon: ${said}: ${errorMessage(err).split('\n')[0]}\n`);
    return 1;
  }
}

const WRITING_COMMANDS = new Set(['sync', 'cancel', 'refund', 'resolve', 'profile add', 'profile remove', 'user add', 'user disable', 'user reset-password', 'approvals policy', 'reconcile', 'export', 'restore']);

export function processIO(): CliIO {
  return {
    async readStdin() {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

function isEntryPoint(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    setLogger(dataDirFromEnv(process.env), 'cli');
  } catch {
    // A data folder that cannot take a log (read-only) must not stop a command that needs none.
  }
  let lang: Lang = 'en';
  try {
    lang = cliLanguage(argv, process.env).lang;
  } catch {
    // A bad --lang is said by runCli; a crash before it is said in English.
  }
  logProcessFailures((err, errorId) => {
    const said = lang === 'en' ? unexpectedMessage(errorId) : renderMessage(msg('error.unexpected', { errorId }), lang);
    process.stderr.write(`recon: ${said}: ${errorMessage(err).split('\n')[0]}\n`);
    process.exit(70);
  });
  const code = await runCli(argv, processIO());
  if (code !== 0) log().info({ code }, 'recon command ended');
  process.exitCode = code;
}

if (isEntryPoint()) await main();
