// Numbered migrations, one file each: entry i brings user_version from i to i+1. Append only; never
// edit one that has shipped.
import m001 from './migrations/001-profiles.ts';
import m002 from './migrations/002-orders.ts';
import m003 from './migrations/003-actions-audit.ts';
import m004 from './migrations/004-reconcile.ts';
import m005 from './migrations/005-audit-mac.ts';
import m006 from './migrations/006-money-entries.ts';
import m007 from './migrations/007-install-id.ts';
import m008 from './migrations/008-exception-clearing.ts';
import m009 from './migrations/009-card-search.ts';
import m010 from './migrations/010-open-gateways.ts';
import m011 from './migrations/011-money-days-rollup.ts';
import m012 from './migrations/012-accounts.ts';
import m013 from './migrations/013-approvals.ts';

export const migrations: string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013];
