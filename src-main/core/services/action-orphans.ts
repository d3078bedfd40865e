// Orphan policy: when an open action (INTENT, SENT, UNKNOWN) is nobody's to finish any more and may be
// adopted and settled by re-query. An action this process is still sending is never an orphan; one
// owned by a live process elsewhere is only after it has been silent for ABANDONED_AFTER_MS.
import os from 'node:os';
import type { ActionRow } from '../store/actions.ts';

/** An INTENT/SENT row of a live process older than this is taken as abandoned (the owner hung). */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/** Actions this process has sent and is still waiting on. */
const inFlight = new Set<number>();
const HOST = os.hostname();

/** This process holds the action until `release`: no one may adopt it meanwhile. */
export function holdInFlight(actionId: number): void {
  inFlight.add(actionId);
}

export function releaseInFlight(actionId: number): void {
  inFlight.delete(actionId);
}

export function ownerTag(): string {
  return `${HOST}|${process.pid}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an open action is nobody's to finish any more (its process died, or gave up waiting). */
export function isOrphaned(row: ActionRow, nowMs: number): boolean {
  if (row.state === 'UNKNOWN') return !inFlight.has(row.id);
  if (inFlight.has(row.id)) return false;
  const [host, pidText] = row.owner.split('|');
  const pid = Number(pidText);
  if (host === HOST && pid !== process.pid && Number.isSafeInteger(pid) && pidAlive(pid)) return nowMs - row.updated_at_ms > ABANDONED_AFTER_MS;
  if (host !== HOST) return nowMs - row.updated_at_ms > ABANDONED_AFTER_MS;
  return true;
}


