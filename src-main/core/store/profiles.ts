// Profile rows: the edit of a profile's settings (adding and removing stay with the keychain work in
// services/profiles.ts, which must undo a row when the keychain refuses).
import type { Db } from './db.ts';

type Statement = ReturnType<Db['prepare']>;

export interface ProfileRowUpdate {
  name: string;
  environment: string;
  tradeUrl: string;
  queryUrl: string;
  merchantId: string;
  feeRatePpm: number | null;
  feeFixedCents: number | null;
}

const statements = new WeakMap<Db, { update: Statement; lastSync: Statement }>();

export class ProfileStore {
  private readonly s: { update: Statement; lastSync: Statement };

  constructor(db: Db) {
    let s = statements.get(db);
    if (!s) {
      s = {
        update: db.prepare(`
          UPDATE profiles SET name = @name, environment = @environment, trade_url = @tradeUrl, query_url = @queryUrl,
            merchant_id = @merchantId, fee_rate_ppm = @feeRatePpm, fee_fixed_cents = @feeFixedCents
          WHERE id = @id`),
        lastSync: db.prepare(`
          SELECT state, from_day AS "from", to_day AS "to", finished_at_ms AS atMs, summary FROM sync_runs
          WHERE profile_id = @profileId AND state != 'running' ORDER BY id DESC LIMIT 1`),
      };
      statements.set(db, s);
    }
    this.s = s;
  }

  update(id: number, v: ProfileRowUpdate): void {
    this.s.update.run({ id, ...v });
  }

  /** The profile's latest finished sync run, for the Settings badge ("last sync failed"). */
  lastSync(profileId: number): { state: string; from: string; to: string; atMs: number | null; summary: string | null } | undefined {
    return this.s.lastSync.get({ profileId }) as { state: string; from: string; to: string; atMs: number | null; summary: string | null } | undefined;
  }
}
