// Channels of the desktop app's link to a team server (issue #23): connect (the server's address, its
// pinned certificate fingerprint, a name and password), disconnect (sign out and return to the
// embedded mode) and status. They steer the desktop's own connection, so they are answered in the
// Electron main process; the embedded core says "not connected" and the team server refuses them.
// Spread into the contract in channels.ts.
import { z } from 'zod';
import { roleSchema } from './vocabulary.ts';

const empty = z.object({}).strict();

export const teamStatus = z.object({
  connected: z.boolean(),
  /** The server, when connected (never a password, a cookie or the server's files). */
  url: z.string().optional(),
  name: z.string().optional(),
  role: roleSchema.optional(),
  expiresAtMs: z.number().int().optional(),
  /**
   * The server ended the session (expiry, a disabled account): the desktop stays with that server,
   * signed out, until the person connects again or disconnects; nothing falls back to the local core.
   */
  signedOut: z.boolean().optional(),
});
export type TeamStatus = z.infer<typeof teamStatus>;

/** A SHA-256 fingerprint as servers print it (AA:BB:…) or as 64 hex digits. */
export const fingerprintText = z
  .string()
  .trim()
  .regex(/^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/, 'a SHA-256 fingerprint: 64 hex digits, with or without colons');

export const teamContract = {
  'team:connect': {
    request: z
      .object({
        url: z.string().trim().url().max(300).refine((u) => u.startsWith('https://'), 'the address starts with https://'),
        fingerprint: fingerprintText,
        name: z.string().min(1).max(64),
        password: z.string().min(1).max(200),
      })
      .strict(),
    result: teamStatus,
  },
  'team:disconnect': { request: empty, result: teamStatus },
  'team:status': { request: empty, result: teamStatus },
} as const;
