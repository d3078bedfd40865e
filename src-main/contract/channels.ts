// The IPC contract: one map from channel name to a zod request schema and a zod result schema.
// Every shell (Electron IPC, the loopback web shell, tests) validates requests against it, and the
// renderer's client is typed from it. The renderer imports this file for types and schemas only.
import { z } from 'zod';

const empty = z.object({}).strict();

export const appInfoResult = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'web']),
  dataDir: z.string(),
  demo: z.boolean(),
  node: z.string(),
  platform: z.string(),
});

export const jobProgress = z.object({
  jobId: z.string(),
  kind: z.enum(['sync', 'export', 'reconcile', 'action', 'demo']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  message: z.string(),
  errors: z.array(z.string()),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const contract = {
  'app:info': { request: empty, result: appInfoResult },
  'jobs:list': { request: empty, result: z.array(jobProgress) },
  'jobs:cancel': { request: z.object({ jobId: z.string().min(1).max(64) }).strict(), result: z.object({ cancelled: z.boolean() }) },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResultOf<C extends Channel> = z.infer<Contract[C]['result']>;

/** Events pushed from main to the renderer (Electron `webContents.send`, web shell SSE). */
export const events = {
  'job:progress': jobProgress,
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** An error as it crosses the bridge: code for programs, message for people. */
export const bridgeError = z.object({ code: z.string(), message: z.string() });
export type BridgeError = z.infer<typeof bridgeError>;
