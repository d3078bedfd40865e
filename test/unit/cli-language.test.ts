// The CLI speaks its user's language: zh-TW under a zh_TW locale or --lang zh-TW, English under
// LANG=C, for its own refusals and for the core's coded messages alike.
import { describe, expect, it } from 'vitest';
import { runRecon } from '../support/cli.ts';
import { cliLanguage } from '../../src-main/cli/lang.ts';

const zh = { LANG: 'zh_TW.UTF-8', LC_ALL: undefined, LC_MESSAGES: undefined };
const c = { LANG: 'C', LC_ALL: undefined, LC_MESSAGES: undefined };

describe('the CLI language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG, and --lang over all of them', () => {
    expect(cliLanguage(['orders'], { LANG: 'zh_TW.UTF-8' }).lang).toBe('zh-TW');
    expect(cliLanguage(['orders'], { LANG: 'C' }).lang).toBe('en');
    expect(cliLanguage(['orders'], {}).lang).toBe('en');
    expect(cliLanguage(['orders'], { LANG: 'zh_TW.UTF-8', LC_ALL: 'en_US.UTF-8' }).lang).toBe('en');
    expect(cliLanguage(['orders'], { LANG: 'C', LC_MESSAGES: 'zh_TW.Big5' }).lang).toBe('zh-TW');
    expect(cliLanguage(['orders'], { LANG: 'zh_CN.UTF-8' }).lang).toBe('en');
    expect(cliLanguage(['orders', '--lang', 'zh-TW', '--json'], { LANG: 'C' })).toEqual({ lang: 'zh-TW', argv: ['orders', '--json'], chosen: true });
    expect(cliLanguage(['--lang=en', 'orders'], { LANG: 'zh_TW.UTF-8' })).toEqual({ lang: 'en', argv: ['orders'], chosen: true });
    expect(cliLanguage(['orders'], { LANG: 'C.UTF-8' })).toMatchObject({ lang: 'en', chosen: false });
    expect(cliLanguage(['orders'], { LANG: 'en_US.UTF-8' })).toMatchObject({ lang: 'en', chosen: true });
    expect(() => cliLanguage(['--lang', 'fr'], {})).toThrow(/zh-TW or en/);
  });

  it('an unknown command and a missing option, in zh-TW and in English', async () => {
    const unknownZh = await runRecon(['nosuch'], { env: zh });
    expect(unknownZh.code).toBe(2);
    expect(unknownZh.stderr).toBe('recon: 沒有 recon nosuch 這個指令（執行 recon --help 查看所有指令）。\n');
    const unknownC = await runRecon(['nosuch'], { env: c });
    expect(unknownC.stderr).toBe('recon: unknown command: recon nosuch (see recon --help)\n');

    const missingZh = await runRecon(['sync', '--from', '2026-11-01'], { env: zh });
    expect(missingZh.code).toBe(2);
    expect(missingZh.stderr).toMatch(/^recon: recon sync 需要 --\w+（執行 recon sync --help 查看說明）。\n$/);
    const missingEn = await runRecon(['sync', '--from', '2026-11-01', '--lang', 'en'], { env: zh });
    expect(missingEn.stderr).toMatch(/^recon: recon sync: --\w+ is required \(see --help\)\n$/);
  });

  it('a bad option keeps the technical reason beside the words', async () => {
    const r = await runRecon(['orders', '--nope'], { env: zh });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^recon: recon orders 的選項有誤：.*--nope.*（執行 recon orders --help 查看說明）。\n$/);
    const day = await runRecon(['orders', '--from', '2026-13-01', '--json'], { env: zh });
    expect(day.code).toBe(2);
    expect(day.stderr).toBe('recon: --from：沒有「2026-13-01」這一天（請檢查月份與日期）\n');
    expect((await runRecon(['orders', '--from', '2026-13-01', '--json'], { env: c })).stderr).toBe('recon: --from is not a real calendar day: "2026-13-01"\n');
    const bad = await runRecon(['orders', '--lang', 'fr'], { env: c });
    expect(bad.stderr).toBe('recon: --lang takes zh-TW or en, not "fr"\n');
  });
});
