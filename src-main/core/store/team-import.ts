// `recon team import`: a desktop's SQLite store copied into the team's PostgreSQL database, ids
// kept (the audit log's seq is part of its hash chain; actions, entries and exceptions point at ids).
// One transaction: a row the team database already holds identically is skipped (so a second run
// copies nothing), a row it holds differently, or an audit log that is not this desktop's, refuses
// the whole import before anything is written. The source's audit chain is verified before, the
// team's after; settings the team already has keep the team's value.
import type Database from 'better-sqlite3';
import { InputError } from '../errors.ts';
import { msg } from '../../contract/messages/render.ts';
import type { Db } from './db.ts';
import { schemaVersion } from './db.ts';
import { AuditLog, type AuditVerdict } from './audit.ts';
import type { PgDatabase } from './pg/connection.ts';

interface TableSpec {
  name: string;
  key: Array<{ column: string; type: 'BIGINT' | 'TEXT' }>;
}

const ID = [{ column: 'id', type: 'BIGINT' as const }];

/** Parents before children, so every reference finds its row. */
const TABLES: TableSpec[] = [
  { name: 'profiles', key: ID },
  { name: 'raw_answers', key: ID },
  { name: 'orders', key: ID },
  { name: 'order_history', key: ID },
  { name: 'sync_runs', key: ID },
  { name: 'sync_chunks', key: [{ column: 'run_id', type: 'BIGINT' }, { column: 'seq', type: 'BIGINT' }] },
  { name: 'actions', key: ID },
  { name: 'audit_log', key: [{ column: 'seq', type: 'BIGINT' }] },
  { name: 'ledger_mappings', key: [{ column: 'profile_id', type: 'BIGINT' }] },
  { name: 'ledger_imports', key: ID },
  { name: 'ledger_rows', key: ID },
  { name: 'reconcile_runs', key: ID },
  { name: 'reconcile_exceptions', key: ID },
  { name: 'reconcile_resolutions', key: ID },
  { name: 'money_entries', key: ID },
  { name: 'money_days', key: [{ column: 'day', type: 'TEXT' }, { column: 'profile_id', type: 'BIGINT' }] },
  { name: 'period_events', key: ID },
  { name: 'order_anomalies', key: ID },
];

/** Identity columns whose sequences must continue after the copied ids. */
const IDENTITIES: Array<[table: string, column: string]> = [
  ...TABLES.filter((t) => t.key.length === 1 && t.key[0]!.column === 'id').map((t): [string, string] => [t.name, 'id']),
  ['audit_log', 'seq'],
];

const PAGE = 500;

export interface TeamImportResult {
  tables: Record<string, { source: number; copied: number; alreadyThere: number }>;
  settings: { copied: string[]; keptTeamValue: string[] };
  audit: { before: AuditVerdict; after: AuditVerdict };
}

/** A verdict's problems other than a missing key: the chain itself (hashes, links, gaps, journal). */
function chainProblems(v: AuditVerdict): string[] {
  return v.problems.filter((p) => p.code !== 'key_missing').map((p) => p.message);
}

function same(a: Record<string, unknown>, b: Record<string, unknown>, columns: string[]): boolean {
  return columns.every((c) => (a[c] ?? null) === (b[c] ?? null));
}

/**
 * Copies `source` (a desktop's SQLite store, opened read-only) into `target` (the team database).
 * Throws InputError, with nothing written, when the source is not at this version's schema, its
 * audit chain does not verify, or the team database holds different rows under the same keys.
 */
export function importDesktopStore(source: Database.Database, target: PgDatabase): TeamImportResult {
  const version = source.pragma('user_version', { simple: true }) as number;
  if (version !== schemaVersion()) {
    throw new InputError(
      `the desktop database is at schema ${version}, this console's is ${schemaVersion()}: open it once with this version (RECON_DATA_DIR=its folder recon db migrate) and import again; nothing was written`,
      { msg: msg('team.import_schema', { have: version, want: schemaVersion() }) },
    );
  }
  const before = new AuditLog(source as Db).verify();
  const broken = chainProblems(before);
  if (broken.length > 0) throw new InputError(`the desktop's audit log does not verify (${broken[0]}); nothing was written`, { msg: msg('team.import_audit', { detail: broken[0]! }) });

  const result: TeamImportResult = { tables: {}, settings: { copied: [], keptTeamValue: [] }, audit: { before, after: before } };
  target.transaction(() => {
    // The desktop's order history is copied as it stands; the trigger would add a second first row.
    target.exec('ALTER TABLE orders DISABLE TRIGGER orders_history_insert');
    for (const table of TABLES) result.tables[table.name] = copyTable(source, target, table);
    target.exec('ALTER TABLE orders ENABLE TRIGGER orders_history_insert');
    for (const [table, column] of IDENTITIES) {
      target.exec(`SELECT setval(pg_get_serial_sequence('${table}', '${column}'), GREATEST((SELECT MAX(${column}) FROM ${table}), 1), (SELECT MAX(${column}) FROM ${table}) IS NOT NULL)`);
    }
    const teamSettings = new Map((target.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    const putSetting = target.prepare('INSERT INTO settings (key, value) VALUES (@key, @value)');
    for (const s of source.prepare('SELECT key, value FROM settings ORDER BY key').all() as Array<{ key: string; value: string }>) {
      const team = teamSettings.get(s.key);
      if (team === undefined) {
        putSetting.run(s);
        result.settings.copied.push(s.key);
      } else if (team !== s.value) {
        result.settings.keptTeamValue.push(s.key);
      }
    }
    const after = new AuditLog(target as unknown as Db).verify();
    const afterProblems = chainProblems(after);
    if (afterProblems.length > 0) {
      throw new InputError(`the team's audit log would not verify after the import (${afterProblems[0]}); nothing was written`, { msg: msg('team.import_audit', { detail: afterProblems[0]! }) });
    }
    result.audit.after = after;
  })();
  return result;
}

function copyTable(source: Database.Database, target: PgDatabase, table: TableSpec): { source: number; copied: number; alreadyThere: number } {
  const keys = table.key.map((k) => k.column);
  const order = keys.join(', ');
  const first = source.prepare(`SELECT * FROM ${table.name} ORDER BY ${order} LIMIT ${PAGE}`);
  const next = source.prepare(`SELECT * FROM ${table.name} WHERE (${order}) > (${keys.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ${PAGE}`);
  const match = keys.length === 1 ? `${keys[0]} = ANY(CAST(@k0 AS ${table.key[0]!.type}[]))` : `(${order}) IN (SELECT * FROM unnest(${table.key.map((k, i) => `CAST(@k${i} AS ${k.type}[])`).join(', ')}))`;
  const existing = target.prepare(`SELECT * FROM ${table.name} WHERE ${match}`);
  const teamRows = target.prepare(`SELECT COUNT(*) FROM ${table.name}`).pluck().get() as number;
  const inserts = new Map<number, ReturnType<PgDatabase['prepare']>>();
  let page = first.all() as Array<Record<string, unknown>>;
  const counts = { source: 0, copied: 0, alreadyThere: 0 };
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(keys.map((k) => r[k]));
  while (page.length > 0) {
    counts.source += page.length;
    const columns = Object.keys(page[0]!);
    let missing = page;
    if (teamRows > 0) {
      const params: Record<string, unknown[]> = {};
      keys.forEach((k, i) => (params[`k${i}`] = page.map((r) => r[k])));
      const there = new Map((existing.all(params) as Array<Record<string, unknown>>).map((r) => [keyOf(r), r]));
      missing = [];
      for (const row of page) {
        const team = there.get(keyOf(row));
        if (!team) {
          missing.push(row);
        } else if (same(row, team, columns)) {
          counts.alreadyThere++;
        } else {
          const what = keys.map((k) => `${k} ${String(row[k])}`).join(', ');
          throw new InputError(`the team database already holds a different ${table.name} row (${what}): it is not this desktop's data; nothing was written`, {
            msg: msg('team.import_conflict', { table: table.name, key: what }),
          });
        }
      }
    }
    if (missing.length > 0) {
      let insert = inserts.get(missing.length);
      if (!insert) {
        const values = missing.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
        insert = target.prepare(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${values}`);
        inserts.set(missing.length, insert);
      }
      insert.run(missing.flatMap((r) => columns.map((c) => r[c])));
      counts.copied += missing.length;
    }
    const last = page.at(-1)!;
    page = next.all(keys.map((k) => last[k])) as Array<Record<string, unknown>>;
  }
  return counts;
}
