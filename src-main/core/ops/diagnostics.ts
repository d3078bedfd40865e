// The diagnostics bundle a person sends to support: the logs (redacted once more on the way out),
// versions, the schema version, the database's health and the list of backups. Never a secret:
// profiles appear as gateway and environment only, with no merchant ids, names or keys.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../app.ts';
import { listBackups } from '../store/backup.ts';
import { schemaVersion } from '../store/db.ts';
import { databaseFacts } from '../store/health.ts';
import { pgSchemaVersion } from '../store/pg/open.ts';
import { listProfiles } from '../services/profiles.ts';
import { logsDir } from './log.ts';
import { redactText } from './redact.ts';
import { type ZipEntry, zip } from './zip.ts';

export interface DiagnosticsSummary {
  createdAt: string;
  app: { version: string; shell: string; demo: boolean };
  runtime: Record<string, string | undefined>;
  platform: string;
  database: { engine: 'sqlite' | 'postgres'; schemaVersion: number; knownSchemaVersion: number; sqlite: string; bytes: number | null; journalMode: string; postgres?: string };
  profiles: Array<{ gateway: string; environment: string; demo: boolean }>;
  backups: Array<{ name: string; kind: string; createdAt: string; bytes: number }>;
  logs: string[];
}

export function diagnosticsSummary(app: App): DiagnosticsSummary {
  const dbFile = path.join(app.dataDir, 'recon.sqlite');
  const logs = existsSync(logsDir(app.dataDir)) ? readdirSync(logsDir(app.dataDir)).filter((f) => f.endsWith('.log')).sort() : [];
  return {
    createdAt: new Date().toISOString(),
    app: { version: app.version, shell: app.shell, demo: app.demo },
    runtime: { node: process.versions.node, electron: process.versions.electron, v8: process.versions.v8, modules: process.versions.modules },
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    database: {
      engine: app.engine,
      ...databaseFacts(app.db),
      knownSchemaVersion: app.engine === 'postgres' ? pgSchemaVersion() : schemaVersion(),
      bytes: app.engine === 'sqlite' && existsSync(dbFile) ? statSync(dbFile).size : null,
    },
    profiles: listProfiles(app).map((p) => ({ gateway: p.gateway, environment: p.environment, demo: p.demo })),
    backups: listBackups(app.dataDir).map((b) => ({ name: b.name, kind: b.kind, createdAt: new Date(b.createdAtMs).toISOString(), bytes: b.bytes })),
    logs,
  };
}

export function diagnosticsZip(app: App): Buffer {
  const summary = diagnosticsSummary(app);
  const entries: ZipEntry[] = [{ name: 'summary.json', data: Buffer.from(`${JSON.stringify(summary, null, 2)}\n`) }];
  for (const f of summary.logs) {
    entries.push({ name: `logs/${f}`, data: Buffer.from(redactText(readFileSync(path.join(logsDir(app.dataDir), f), 'utf8'))) });
  }
  return zip(entries);
}

export function writeDiagnostics(app: App, out: string): { file: string; bytes: number; logs: number } {
  const data = diagnosticsZip(app);
  writeFileSync(out, data, { mode: 0o600 });
  return { file: out, bytes: data.length, logs: diagnosticsSummary(app).logs.length };
}
