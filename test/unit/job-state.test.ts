// The Orders page's sync status once showed a finished sync as "running 0/1" forever on CI: a
// jobs:list snapshot taken early arrived after the job's last progress event and overwrote it.
import { describe, expect, it } from 'vitest';
import { mergeProgress } from '../../src-renderer/jobState.ts';
import { JobManager } from '../../src-main/core/jobs.ts';
import type { JobProgress } from '../../src-main/contract/channels.ts';

describe('job progress merging', () => {
  it('a late snapshot never overwrites a newer event', async () => {
    const jobs = new JobManager();
    const events: JobProgress[] = [];
    jobs.onProgress((p) => events.push(p));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = jobs.run('sync', async (ctx) => {
      ctx.progress({ done: 0, total: 1 });
      await gate;
      ctx.progress({ done: 1 });
    });
    const earlySnapshot = jobs.list()[0]!;
    release();
    await job.done;
    let state: Record<string, JobProgress> = {};
    for (const e of events) state = mergeProgress(state, e);
    state = mergeProgress(state, earlySnapshot);
    expect(state[job.jobId]).toMatchObject({ state: 'done', done: 1, total: 1 });
    expect(earlySnapshot.seq).toBeLessThan(state[job.jobId]!.seq);
  });

  it('events in order each replace the last', () => {
    const base: JobProgress = { jobId: 'a', kind: 'sync', state: 'running', done: 0, total: 2, message: '', errors: [], seq: 1 };
    let state = mergeProgress({}, base);
    state = mergeProgress(state, { ...base, done: 1, seq: 2 });
    state = mergeProgress(state, { ...base, done: 2, state: 'done', seq: 3 });
    expect(state.a).toMatchObject({ done: 2, state: 'done' });
  });
});
