// Numbered migrations, one file each: entry i brings user_version from i to i+1. Append only; never
// edit one that has shipped.
import m001 from './migrations/001-profiles.ts';
import m002 from './migrations/002-orders.ts';
import m003 from './migrations/003-actions-audit.ts';
import m004 from './migrations/004-reconcile.ts';
// 005 (the action journal's exactly-once rework) is merged from its own branch; keep the numbers in order.
import m006 from './migrations/006-money-entries.ts';

export const migrations: string[] = [m001, m002, m003, m004, m006];
