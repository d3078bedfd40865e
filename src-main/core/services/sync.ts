// Sync: make the cache agree with the gateway for a range of Taipei days. Each gateway's strategy is
// its adapter's (FlashPay: 106 in chunks, then 107 for stragglers; First Bank has no range query, so
// every known order of the range is re-queried).
// A run is recorded in sync_runs/sync_chunks, so a crashed or killed sync resumes where it stopped;
// upserts are idempotent, so nothing is duplicated whichever way it ends.
import type { App } from '../app.ts';
import { ReconError, errorMessage } from '../errors.ts';
import type { JobContext } from '../jobs.ts';
import type { UpsertCounts } from '../store/orders.ts';
import { syncRunStore } from '../store/sync-runs.ts';
import { type TaipeiDay, parseDay, daysBetween } from '../time.ts';
import { type ClientOptions, connectGateway } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';
import { InputError } from '../errors.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import { labelParam } from '../gateways/adapter.ts';
import { pruneRawAnswers } from '../store/raw-answers.ts';

export interface SyncOptions extends ClientOptions {
  from: TaipeiDay;
  to: TaipeiDay;
  /** 106 chunks in flight (FlashPay) / reports in flight (First Bank). */
  concurrency?: number;
  now?: () => number;
}

export interface ChunkReport {
  from: TaipeiDay;
  to: TaipeiDay;
  state: 'done' | 'failed' | 'pending';
  orders: number;
  error: string | null;
}

export interface SyncSummary {
  runId: number;
  profile: string;
  gateway: Profile['gateway'];
  from: TaipeiDay;
  to: TaipeiDay;
  resumed: boolean;
  state: 'done' | 'failed' | 'cancelled';
  chunks: ChunkReport[];
  counts: UpsertCounts;
  /** Single-order queries made (107 / report). */
  queried: number;
  /** Each error names the profile and the chunk or order it concerns. */
  errors: string[];
  /** Codes for what a person should know though nothing failed: 'no_known_orders' (First Bank has no
   *  range query, so a profile knows only orders from a ledger import or a notification). */
  notices: SyncNotice[];
}

export type SyncNotice = 'no_known_orders';

const MAX_SYNC_DAYS = 366 * 3;
const noopCtx: JobContext = { jobId: '', signal: new AbortController().signal, progress: () => {} };

export function validateSyncRange(fromText: string, toText: string): { from: TaipeiDay; to: TaipeiDay } {
  const from = parseDay(fromText, '--from');
  const to = parseDay(toText, '--to');
  const span = daysBetween(from, to);
  if (span < 0) throw new InputError(`the range ends (${to}) before it starts (${from})`, { msg: msg('input.range_backwards', { fromDay: from, toDay: to }) });
  if (span >= MAX_SYNC_DAYS) throw new InputError(`a sync covers at most ${MAX_SYNC_DAYS} days; split the range`, { msg: msg('input.range_too_long', { days: MAX_SYNC_DAYS }) });
  return { from, to };
}

export async function syncProfile(app: App, profile: Profile, options: SyncOptions, ctx: JobContext = noopCtx): Promise<SyncSummary> {
  const { from, to } = validateSyncRange(options.from, options.to);
  const now = options.now ?? Date.now;
  const { adapter, connection } = await connectGateway(app, profile, options);
  const runs = syncRunStore(app.db);
  const { run, resumed } = runs.open(profile.id, from, to, now(), adapter.syncChunks(from, to));
  const summary: SyncSummary = {
    runId: run.id,
    profile: profile.name,
    gateway: profile.gateway,
    from,
    to,
    resumed,
    state: 'done',
    chunks: [],
    counts: { inserted: 0, updated: 0, unchanged: 0 },
    queried: 0,
    errors: [],
    notices: [],
  };
  // With several profiles syncing at once, an error without its profile's name cannot be acted on.
  const fail = (what: string, err: unknown, where?: Message) => {
    const message = `${profile.name}: ${what}: ${errorMessage(err)}`;
    summary.errors.push(message);
    const reason = err instanceof ReconError && err.msg ? err.msg : errorMessage(err);
    ctx.progress({ error: message, errorMessage: msg('sync.failed', { profile: profile.name, where: where ?? what, reason }) });
    if (!(err instanceof ReconError)) throw err;
  };

  await connection.sync({
    app,
    profile,
    from,
    to,
    resumed,
    runId: run.id,
    runStartedAtMs: run.started_at_ms,
    concurrency: options.concurrency,
    ctx,
    now,
    counts: summary.counts,
    queried: () => void summary.queried++,
    notice: (code) => void summary.notices.push(code),
    fail,
    errorCount: () => summary.errors.length,
    firstError: () => summary.errors[0] ?? null,
  });

  summary.chunks = runs.chunks(run.id) as ChunkReport[];
  summary.state = ctx.signal.aborted ? 'cancelled' : summary.errors.length > 0 ? 'failed' : 'done';
  runs.finish(run.id, summary.state, now(), JSON.stringify({ counts: summary.counts, queried: summary.queried, errors: summary.errors }));
  // Retention of raw answers (store/raw-answers.ts): after each run, so the table cannot grow per sync.
  pruneRawAnswers(app.db);
  const notice = summary.notices.includes('no_known_orders')
    ? `${profile.name}: no known orders in ${from}..${to}. ${adapter.label.en} has no range query: import the shop's ledger (with ReCheckId) or paste a notification in the inspector to make orders known`
    : null;
  ctx.progress({
    message: notice ?? `${profile.name}: ${summary.state}: ${summary.counts.inserted} new, ${summary.counts.updated} updated, ${summary.errors.length} errors`,
    messageMsg: notice
      ? msg('sync.no_known_orders', { profile: profile.name, fromDay: from, toDay: to, gateway: labelParam(adapter.label) })
      : msg('sync.summary', { profile: profile.name, state: summary.state, inserted: summary.counts.inserted, updated: summary.counts.updated, errors: summary.errors.length }),
  });
  return summary;
}
