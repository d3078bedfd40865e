// `recon --help` and `recon <command> --help` in the user's language (#17): under LANG=zh_TW.UTF-8 (or
// --lang zh-TW) every summary, option description and note is Traditional Chinese, with option names,
// placeholders, file names and command lines kept as typed; under LANG=C the English is what it has
// always been.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src-main/cli/commands/index.ts';
import type { Command } from '../../src-main/cli/command.ts';
import { type CliResult, runRecon } from '../support/cli.ts';
import { latinSentences } from '../support/latin-words.ts';

const zh = { LANG: 'zh_TW.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const c = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };
const CJK = /[\u4e00-\u9fff]/;
// --help touches no database; a log line or a stray write lands here rather than in the user's folder.
const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-help-'));
const env = { RECON_DATA_DIR: path.join(dir, 'data') };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const help = (args: string[], lang: Record<string, string | undefined>): Promise<CliResult> => runRecon([...args, '--help'], { env: { ...env, ...lang } });

/** How an option's flag column reads: `--from YYYY-MM-DD`, `--json`; typed as it is in any language. */
function flag(name: string, spec: Command['options'][string]): string {
  return spec.type === 'string' ? `--${name} ${spec.value ?? 'VALUE'}` : `--${name}`;
}

/** The text a person reads: option lines without their flag column (names and placeholders are typed, not read). */
function prose(text: string): string {
  return text.replace(/^ {2}--[\w-]+(?: \S+)? +/gm, '  ');
}

function expectChinese(text: string, what: string): void {
  expect(text, what).toMatch(CJK);
  expect(latinSentences(prose(text)), `${what}:\n${text}`).toEqual([]);
}

/** Runs a few at a time: the machine is small and each run starts a Node process. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

describe('recon --help in the user\'s language', { timeout: 300_000 }, () => {
  it('every command has its Chinese beside its English', () => {
    for (const command of commands) {
      const what = `recon ${command.path.join(' ')}`;
      expect(command.summaryZh, what).toMatch(CJK);
      if (command.details) expect(command.detailsZh, `${what}: notes without Chinese`).toMatch(CJK);
      for (const [name, spec] of Object.entries(command.options)) expect(spec.zh, `${what} --${name}`).toMatch(CJK);
    }
  });

  it('lists the commands in Chinese under zh_TW and with --lang zh-TW', async () => {
    const [z, chosen] = await Promise.all([runRecon(['--help'], { env: { ...env, ...zh } }), runRecon(['--lang', 'zh-TW', '--help'], { env: { ...env, ...c } })]);
    expect(z.code).toBe(0);
    expect(z.stderr).toBe('');
    expectChinese(z.stdout, 'recon --help');
    expect(z.stdout.split('\n')[0]).toBe('用法：recon <指令> [選項]');
    for (const command of commands) expect(z.stdout, command.path.join(' ')).toContain(`\n  recon ${command.path.join(' ').padEnd(22)} ${command.summaryZh}\n`);
    expect(z.stdout).toContain('RECON_DATA_DIR');
    expect(z.stdout).toContain('RECON_KEYCHAIN_SERVICE');
    expect(chosen.stdout).toBe(z.stdout);
  });

  it("says each command's summary, options and notes in Chinese, with option names and placeholders as typed", async () => {
    const results = await inBatches(commands, 4, async (command) => ({ command, r: await help(command.path, zh) }));
    for (const { command, r } of results) {
      const what = `recon ${command.path.join(' ')} --help`;
      expect(r.code, `${what}: ${r.stderr}`).toBe(0);
      expect(r.stderr, what).toBe('');
      expectChinese(r.stdout, what);
      expect(r.stdout.split('\n')[0], what).toBe(`用法：recon ${command.path.join(' ')} [選項]`);
      for (const [name, spec] of Object.entries(command.options)) {
        expect(r.stdout, `${what} --${name}`).toContain(`\n  ${flag(name, spec).padEnd(30)} ${spec.zh}${spec.required ? '（必填）' : ''}\n`);
      }
    }
    // Dates, file names and command lines stay as they are typed.
    const sync = results.find((x) => x.command.path.join(' ') === 'sync')!.r.stdout;
    expect(sync).toContain('  --from YYYY-MM-DD              第一天（台北日期）（必填）\n');
    const cancel = results.find((x) => x.command.path.join(' ') === 'cancel')!.r.stdout;
    expect(cancel).toContain('`recon refund`');
    expect(cancel).toContain('`recon resolve`');
    const restore = results.find((x) => x.command.path.join(' ') === 'restore')!.r.stdout;
    expect(restore).toContain('backups/');
    expect(restore).toContain('replaced/');
  });

  it('prints the same English as ever under LANG=C', async () => {
    const [top, sync, cancel, restore] = await Promise.all([runRecon(['--help'], { env: { ...env, ...c } }), help(['sync'], c), help(['cancel'], c), help(['restore'], c)]);
    for (const r of [top, sync, cancel, restore]) expect(r.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: recon <command> \[options\]\n\nCommands:\n {2}recon profile add {12}add a gateway profile; secrets from RECON_HASH_KEY \/ RECON_HASH_IV go to the keychain\n/);
    expect(top.stdout).toContain("\n  recon sync                   fetch a profile's orders for a range of Taipei days into the cache\n");
    expect(top.stdout).toContain(
      "\n\nRun `recon <command> --help` for a command's options.\nEnvironment: RECON_DATA_DIR (database folder), RECON_KEYCHAIN_SERVICE (keychain service name).\n",
    );
    expect(top.stdout).not.toMatch(CJK);

    expect(sync.stdout).toBe(
      [
        'Usage: recon sync [options]',
        '',
        "fetch a profile's orders for a range of Taipei days into the cache",
        '',
        '  --profile N                    profile name (required)',
        '  --from YYYY-MM-DD              first Taipei day (required)',
        '  --to YYYY-MM-DD                last Taipei day (inclusive) (required)',
        '',
      ].join('\n'),
    );
    expect(cancel.stdout).toContain('\n  --amount A                     the full order amount, as a confirmation (partial amounts are refused) (required)\n');
    expect(cancel.stdout).toContain('\nCancel sends FlashPay tx_type 8 (取消授權) for the full order amount: on 02 it voids the authorization (-> 12),\n');
    expect(cancel.stdout).toContain("\nback-office, then `recon resolve`; never just send again).\n");
    expect(restore.stdout).toContain("\n  --latest                       restore the newest backup in the data folder's backups/\n");
    expect(restore.stdout).toMatch(/\nThe replaced database is moved to the data folder's replaced\/ folder, never deleted\.\n$/);
  });
});

describe('a command group asked for help', () => {
  it('lists the group\'s commands in the user\'s language, instead of "no such command"', async () => {
    // Words that are only a group (`recon anomalies` is a command of its own, with `anomalies accept` beside it).
    const groups = [...new Set(commands.filter((x) => x.path.length > 1).map((x) => x.path[0]!))].filter((g) => !commands.some((x) => x.path.length === 1 && x.path[0] === g));
    expect(groups).toEqual(expect.arrayContaining(['approvals', 'team', 'user']));
    for (const group of groups) {
      const r = await help([group], zh);
      expect([group, r.code, r.stderr]).toEqual([group, 0, '']);
      for (const x of commands.filter((y) => y.path[0] === group)) expect(r.stdout).toContain(`recon ${x.path.join(' ')}`);
      expectChinese(r.stdout, `recon ${group} --help`);
    }
    const bare = await runRecon(['user'], { env: { ...env, ...c } });
    expect([bare.code, bare.stdout]).toEqual([2, expect.stringContaining('recon user add')]);
  });
});
