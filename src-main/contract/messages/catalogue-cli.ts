// Part of the one catalogue (catalogue.ts spreads it in): what the `recon` command line says about
// its own usage: missing or malformed options, unknown values, the gateway tools' arguments.
import type { Lang } from './catalogue.ts';

export const CLI_MESSAGES = {
} as const satisfies Record<string, Record<Lang, string>>;
