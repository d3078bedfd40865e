// The app core on a team database: RECON_DATABASE_URL selects PostgreSQL, and an empty team database
// is not mistaken for a fresh desktop (no demo data written into a database other people share).
import { describe, expect, it } from 'vitest';
import { shouldRunDemo } from '../../../src-main/shell/demo.ts';
import { tempApp } from '../../support/app.ts';
import { pgSkipReason, pgUrl } from '../../support/pg.ts';

describe.skipIf(!pgUrl)(`the app on a team database${pgUrl ? '' : ` (skipped: ${pgSkipReason})`}`, () => {
  it('opens PostgreSQL from RECON_DATABASE_URL and starts no demo on an empty team database', () => {
    const team = tempApp({ engine: 'postgres' });
    const desk = tempApp({ engine: 'sqlite' });
    try {
      expect(team.engine).toBe('postgres');
      expect(shouldRunDemo(team, {})).toBe(false);
      expect(shouldRunDemo(team, { demo: true })).toBe(true);
      expect(desk.engine).toBe('sqlite');
      expect(shouldRunDemo(desk, {})).toBe(true);
    } finally {
      team.cleanup();
      desk.cleanup();
    }
  });
});
