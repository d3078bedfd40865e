// The desktop's link to a team server (issue #23), answering the team:* channels: at most one signed-in
// TeamClient at a time. Connecting replaces any earlier link only once the new one has signed in, and
// a session the server ended (expiry, a disabled account) leaves the desktop "team, signed out": every
// call is refused until the person signs in again or explicitly disconnects. Falling back to the
// embedded core instead would hand a team member this desktop's own database and gateway keys with
// no role check and no approval threshold.
import { type JobProgress, contract } from '../../contract/channels.ts';
import type { TeamStatus } from '../../contract/team.ts';
import { InputError, SignInError } from '../../core/errors.ts';
import { msg } from '../../contract/messages/render.ts';
import { TeamClient, checkExportName } from './client.ts';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export class TeamConnection {
  /** Where the server's finished exports are saved on this desktop (its own exports folder). */
  readonly #downloadsDir: string | undefined;
  /** Exports started through this connection, by job id: fetched when the server says they are done. */
  readonly #pending = new Map<string, { fileName: string; dest: string }>();
  #client: TeamClient | undefined;
  /** The server whose session ended, while the person has neither signed in again nor disconnected. */
  #signedOutOf: string | undefined;
  #closeEvents: (() => void) | undefined;
  readonly #listeners = new Set<(p: JobProgress) => void>();

  constructor(options: { downloadsDir?: string } = {}) {
    this.#downloadsDir = options.downloadsDir;
  }

  /** The connected server's job progress (the desktop forwards it to its windows instead of its own). */
  onProgress(listener: (p: JobProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  get connected(): boolean {
    return this.#client?.status().connected ?? false;
  }

  /** Whether calls belong to a team server (connected, or signed out of one) rather than the local core. */
  get linked(): boolean {
    return this.connected || this.#signedOutOf !== undefined;
  }

  status(): TeamStatus {
    if (this.#client) return this.#client.status();
    return this.#signedOutOf ? { connected: false, signedOut: true, url: this.#signedOutOf } : { connected: false };
  }

  async connect(payload: unknown): Promise<TeamStatus> {
    const parsed = contract['team:connect'].request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(payload)'}: ${issue.message}` : 'malformed';
      throw new InputError(`invalid request for team:connect: ${detail}`, { msg: msg('shell.invalid_request', { channel: 'team:connect' }), detail });
    }
    const { url, fingerprint, name, password } = parsed.data;
    const client = new TeamClient({ url, fingerprint });
    await client.signIn(name, password);
    await this.disconnect();
    this.#client = client;
    this.#signedOutOf = undefined;
    // Progress is a convenience: a connection without it still works (pages re-list their jobs).
    this.#closeEvents = await client.events((p) => this.#progress(client, p)).catch(() => undefined);
    return client.status();
  }

  async disconnect(): Promise<TeamStatus> {
    const client = this.#client;
    this.#client = undefined;
    this.#signedOutOf = undefined;
    this.#closeEvents?.();
    this.#closeEvents = undefined;
    await client?.signOut();
    return { connected: false };
  }

  async call(channel: string, payload: unknown): Promise<unknown> {
    const client = this.#client;
    if (!client && this.#signedOutOf) {
      throw new SignInError('session_expired', `signed out of the team server at ${this.#signedOutOf}`, { msg: msg('team.signed_out', { url: this.#signedOutOf }) });
    }
    if (!client) throw new InputError('not connected to a team server', { msg: msg('team.no_session') });
    try {
      const result = await client.call(channel, payload);
      return channel === 'export:start' ? this.#awaitExport(result as ExportStarted) : result;
    } finally {
      if (!client.status().connected && this.#client === client) {
        this.#client = undefined;
        this.#signedOutOf = client.url;
        this.#closeEvents?.();
        this.#closeEvents = undefined;
      }
    }
  }

  /**
   * The desktop has no browser to follow the server's download link: the workbook is fetched into
   * this desktop's exports folder once the job is done, and the result names that file.
   */
  #awaitExport(started: ExportStarted): ExportStarted {
    checkExportName(started.fileName);
    if (!this.#downloadsDir) return { ...started, downloadUrl: null };
    mkdirSync(this.#downloadsDir, { recursive: true });
    const ext = path.extname(started.fileName);
    const stem = started.fileName.slice(0, started.fileName.length - ext.length);
    let dest = path.join(this.#downloadsDir, started.fileName);
    for (let i = 2; existsSync(dest) || [...this.#pending.values()].some((p) => p.dest === dest); i++) dest = path.join(this.#downloadsDir, `${stem} (${i})${ext}`);
    this.#pending.set(started.jobId, { fileName: started.fileName, dest });
    return { ...started, path: dest, downloadUrl: null };
  }

  #progress(client: TeamClient, p: JobProgress): void {
    const pending = this.#pending.get(p.jobId);
    if (pending && p.state !== 'running') {
      this.#pending.delete(p.jobId);
      if (p.state === 'done') {
        // The windows hear "done" once the file is here, so a click on it finds it.
        void client.download(pending.fileName, pending.dest).then(
          () => this.#listeners.forEach((l) => l(p)),
          (err: unknown) => this.#listeners.forEach((l) => l({ ...p, state: 'failed', errors: [...p.errors, err instanceof Error ? err.message : String(err)] })),
        );
        return;
      }
    }
    this.#listeners.forEach((l) => l(p));
  }
}

type ExportStarted = { jobId: string; path: string; fileName: string; downloadUrl: string | null };
