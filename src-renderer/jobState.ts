import type { JobProgress } from '../src-main/contract/channels.ts';

/**
 * Keeps the newest state of each job. Progress events and a jobs:list snapshot can arrive in either
 * order; a late snapshot must never put a finished job back to "running".
 */
export function mergeProgress(jobs: Record<string, JobProgress>, update: JobProgress): Record<string, JobProgress> {
  return (jobs[update.jobId]?.seq ?? -1) >= update.seq ? jobs : { ...jobs, [update.jobId]: update };
}
