import type { JobProgress } from '../src-main/contract/channels.ts';
import type { Lang } from '../src-main/contract/messages/catalogue.ts';
import { textOf } from '../src-main/contract/messages/render.ts';
import type { DayStyle } from '../src-main/contract/day-text.ts';

/**
 * Keeps the newest state of each job. Progress events and a jobs:list snapshot can arrive in either
 * order; a late snapshot must never put a finished job back to "running".
 */
export function mergeProgress(jobs: Record<string, JobProgress>, update: JobProgress): Record<string, JobProgress> {
  return (jobs[update.jobId]?.seq ?? -1) >= update.seq ? jobs : { ...jobs, [update.jobId]: update };
}

/** A job's errors as the user reads them: each one's catalogue message in the page's language where
 *  the core gave one, else the text that came with it. */
export function jobErrorTexts(job: JobProgress, lang: Lang, dayStyle: DayStyle): string[] {
  return job.errors.map((text, i) => textOf(job.errorMessages?.[i], text, lang, { dayStyle }));
}
