// Part of the one catalogue (catalogue.ts spreads it in): what the console says about files: ledger
// imports, workbook exports, backups, restores, the database and its maintenance.
import type { Lang } from './catalogue.ts';

export const FILE_MESSAGES = {
} as const satisfies Record<string, Record<Lang, string>>;
