// Calls the running console's contract over its web shell, the way the renderer does (for waiting on
// jobs and setting up state in e2e tests).
import type { ConsoleProcess } from './console-process.ts';

export async function callConsole<T>(c: ConsoleProcess, channel: string, payload: unknown = {}): Promise<T> {
  const res = await fetch(`${c.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-recon-token': c.token },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.result as T;
}

/** Waits until no job is running (the demo's first sync, a sync started by a test). */
export async function waitForJobs(c: ConsoleProcess, timeoutMs = 120_000): Promise<Array<{ jobId: string; state: string; errors: string[]; message: string }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await callConsole<Array<{ jobId: string; state: string; errors: string[]; message: string }>>(c, 'jobs:list');
    if (jobs.length > 0 && jobs.every((j) => j.state !== 'running')) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs still running after ${timeoutMs} ms: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
