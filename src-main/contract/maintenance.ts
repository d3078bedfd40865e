// Channels of Settings' maintenance section: backups (list, make, restore), the database check and
// the diagnostics bundle for support. Spread into the contract in channels.ts.
import { z } from 'zod';

const empty = z.object({}).strict();

export const backupRow = z.object({ name: z.string(), kind: z.enum(['daily', 'pre-migration', 'manual']), createdAt: z.string(), bytes: z.number().int() });
export type BackupRow = z.infer<typeof backupRow>;

export const healthState = z.object({ checkedAt: z.string().nullable(), ok: z.boolean().nullable(), problems: z.array(z.string()) });

export const maintenanceContract = {
  'maintenance:status': {
    request: empty,
    result: z.object({ backups: z.array(backupRow), health: healthState, logsDir: z.string(), backupsDir: z.string() }),
  },
  'maintenance:backup': { request: empty, result: backupRow.extend({ path: z.string() }) },
  'maintenance:check': { request: empty, result: healthState },
  'maintenance:restore': {
    /** A backup by its name in the backups folder (as maintenance:status lists it). */
    request: z.object({ name: z.string().min(1).max(200) }).strict(),
    result: z.object({ restored: z.string(), replacedPath: z.string().nullable(), auditEntries: z.number().int() }),
  },
  'maintenance:diagnostics': {
    request: empty,
    /** The zip is written to the exports folder; its bytes come along so the web shell can offer a download. */
    result: z.object({ path: z.string(), fileName: z.string(), bytes: z.number().int(), contentBase64: z.string() }),
  },
} as const;
