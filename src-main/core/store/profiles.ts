// Profile rows. services/profiles.ts pairs adding and removing a row with the keychain work (and
// removes the row again when the keychain refuses); the SQL for all of it is here.
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { perConnection } from './per-connection.ts';
import type { GatewayName } from '../gateways/status.ts';

type Statement = ReturnType<Db['prepare']>;
type NoParams = Database.Statement<[]>;

export interface ProfileRow {
  id: number;
  name: string;
  gateway: GatewayName;
  environment: 'sandbox' | 'test' | 'production';
  trade_url: string;
  query_url: string;
  merchant_id: string;
  fee_rate_ppm: number | null;
  fee_fixed_cents: number | null;
  demo: number;
  created_at: string;
}

export interface ProfileRowInsert {
  name: string;
  gateway: GatewayName;
  environment: string;
  tradeUrl: string;
  queryUrl: string;
  merchantId: string;
  feeRatePpm: number | null;
  feeFixedCents: number | null;
  demo: boolean;
  createdAt: string;
}

export interface ProfileRowUpdate {
  name: string;
  environment: string;
  tradeUrl: string;
  queryUrl: string;
  merchantId: string;
  feeRatePpm: number | null;
  feeFixedCents: number | null;
}

interface Statements {
  update: Statement;
  lastSync: Statement;
  list: NoParams;
  byName: Statement;
  byId: Statement;
  insert: Statement;
  remove: Statement;
}

const statements = new WeakMap<Db, Statements>();

export class ProfileStore {
  private readonly s: Statements;

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
        list: db.prepare<[]>('SELECT * FROM profiles ORDER BY name'),
        byName: db.prepare('SELECT * FROM profiles WHERE name = @name'),
        byId: db.prepare('SELECT * FROM profiles WHERE id = @id'),
        insert: db.prepare(`
          INSERT INTO profiles (name, gateway, environment, trade_url, query_url, merchant_id, fee_rate_ppm, fee_fixed_cents, demo, created_at)
          VALUES (@name, @gateway, @environment, @tradeUrl, @queryUrl, @merchantId, @feeRatePpm, @feeFixedCents, @demo, @createdAt)`),
        remove: db.prepare('DELETE FROM profiles WHERE id = @id'),
      };
      statements.set(db, s);
    }
    this.s = s;
  }

  list(): ProfileRow[] {
    return this.s.list.all() as ProfileRow[];
  }

  byName(name: string): ProfileRow | undefined {
    return this.s.byName.get({ name }) as ProfileRow | undefined;
  }

  byId(id: number): ProfileRow | undefined {
    return this.s.byId.get({ id }) as ProfileRow | undefined;
  }

  /** The new profile's id. */
  insert(v: ProfileRowInsert): number {
    const info = this.s.insert.run({ name: v.name, gateway: v.gateway, environment: v.environment, tradeUrl: v.tradeUrl, queryUrl: v.queryUrl, merchantId: v.merchantId, feeRatePpm: v.feeRatePpm, feeFixedCents: v.feeFixedCents, demo: v.demo ? 1 : 0, createdAt: v.createdAt });
    return Number(info.lastInsertRowid);
  }

  remove(id: number): void {
    this.s.remove.run({ id });
  }

  update(id: number, v: ProfileRowUpdate): void {
    this.s.update.run({ id, ...v });
  }

  /** The profile's latest finished sync run, for the Settings badge ("last sync failed"). */
  lastSync(profileId: number): { state: string; from: string; to: string; atMs: number | null; summary: string | null } | undefined {
    return this.s.lastSync.get({ profileId }) as { state: string; from: string; to: string; atMs: number | null; summary: string | null } | undefined;
  }
}

/** The database's ProfileStore, built once per connection. */
export const profileStore = perConnection((db) => new ProfileStore(db));
