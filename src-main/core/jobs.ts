// Long-running work (sync, export, reconcile) runs as jobs: each reports progress events that every
// shell forwards to the renderer, and each can be cancelled through its AbortSignal.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { JobProgress } from '../contract/channels.ts';
import { type Message, renderMessage } from '../contract/messages/render.ts';
import { ReconError } from './errors.ts';

function snapshot(state: JobProgress): JobProgress {
  return { ...state, errors: [...state.errors], ...(state.errorMessages ? { errorMessages: [...state.errorMessages] } : {}) };
}

export type JobKind = JobProgress['kind'];

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /**
   * `messageMsg`: the progress line as a catalogue message (its English rendering becomes `message`
   * unless one is given); `errorMessage`: the error as a catalogue message; `error` stays the English text.
   */
  progress(update: { done?: number; total?: number | null; message?: string; messageMsg?: Message; error?: string; errorMessage?: Message }): void;
}

export class JobManager {
  private readonly emitter = new EventEmitter();
  private readonly jobs = new Map<string, { state: JobProgress; controller: AbortController }>();

  onProgress(listener: (p: JobProgress) => void): () => void {
    this.emitter.on('progress', listener);
    return () => this.emitter.off('progress', listener);
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => snapshot(j.state));
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.state.state !== 'running') return false;
    job.controller.abort(new Error('cancelled by the user'));
    return true;
  }

  /** Tells every window that a short piece of work changed data (an action, an import, a re-query):
   *  one finished job event, so open pages refresh as they do after a sync. */
  announce(kind: JobKind, message: string): void {
    const jobId = randomUUID();
    const state: JobProgress = { jobId, kind, state: 'done', done: 1, total: 1, message, errors: [], seq: 1 };
    this.jobs.set(jobId, { state, controller: new AbortController() });
    this.emitter.emit('progress', { ...state, errors: [] });
    this.prune();
  }

  /** Starts `work` as a job; resolves with its result. Progress events fire as it reports. */
  run<T>(kind: JobKind, work: (ctx: JobContext) => Promise<T>, options: { message?: string; messageMsg?: Message } = {}): { jobId: string; done: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const state: JobProgress = {
      jobId, kind, state: 'running', done: 0, total: null,
      message: options.message ?? (options.messageMsg ? renderMessage(options.messageMsg, 'en') : ''),
      ...(options.messageMsg ? { messageMsg: options.messageMsg } : {}),
      errors: [], seq: 0,
    };
    this.jobs.set(jobId, { state, controller });
    const emit = () => {
      state.seq++;
      this.emitter.emit('progress', snapshot(state));
    };
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (u) => {
        if (u.done !== undefined) state.done = u.done;
        if (u.total !== undefined) state.total = u.total;
        if (u.messageMsg !== undefined) {
          state.messageMsg = u.messageMsg;
          state.message = u.message ?? renderMessage(u.messageMsg, 'en');
        } else if (u.message !== undefined) {
          state.message = u.message;
          delete state.messageMsg;
        }
        if (u.error !== undefined) {
          state.errors.push(u.error);
          (state.errorMessages ??= []).push(u.errorMessage ?? null);
        }
        emit();
      },
    };
    emit();
    const done = (async () => {
      try {
        const result = await work(ctx);
        state.state = controller.signal.aborted ? 'cancelled' : 'done';
        return result;
      } catch (err) {
        state.state = controller.signal.aborted ? 'cancelled' : 'failed';
        state.message = err instanceof Error ? err.message : String(err);
        // A failed job says why in the user's language when the error carries a catalogue message.
        if (err instanceof ReconError && err.msg) state.messageMsg = err.msg;
        else delete state.messageMsg;
        throw err;
      } finally {
        emit();
        this.prune();
      }
    })();
    return { jobId, done };
  }

  private prune(): void {
    // Keep the last 50 finished jobs for the UI's job list.
    const finished = [...this.jobs.entries()].filter(([, j]) => j.state.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - 50))) this.jobs.delete(id);
  }
}
