// Runs dates.test.ts in child vitest processes under two machine time zones: a Date-handling bug that
// depends on TZ would pass in one and fail in the other.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../support/console-process.ts';

const vitest = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');

describe('export dates under other time zones', () => {
  for (const tz of ['UTC', 'America/New_York']) {
    it(`passes dates.test.ts with TZ=${tz}`, () => {
      const r = spawnSync(process.execPath, [vitest, 'run', 'test/unit/export/dates.test.ts', '--reporter=verbose'], {
        cwd: repoRoot,
        env: { ...process.env, TZ: tz, FORCE_COLOR: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const output = `${r.stdout}\n${r.stderr}`;
      expect(r.status, output).toBe(0);
      // The child really ran in that zone (New York is -5 h in January: offset 300 min).
      expect(output).toContain(`TZ=${tz}, offset ${tz === 'UTC' ? 0 : 300} min`);
      expect(output).toMatch(/2 passed/);
    }, 90_000);
  }
});
