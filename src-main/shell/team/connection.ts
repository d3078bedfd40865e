// The desktop's link to a team server (issue #23), answering the team:* channels: at most one signed-in
// TeamClient at a time. Connecting replaces any earlier link only once the new one has signed in, and
// a session the server ended (expiry, a disabled account) drops the link, so the app is back in its
// embedded mode rather than half-connected.
import { type JobProgress, contract } from '../../contract/channels.ts';
import type { TeamStatus } from '../../contract/team.ts';
import { InputError } from '../../core/errors.ts';
import { msg } from '../../contract/messages/render.ts';
import { TeamClient } from './client.ts';

export class TeamConnection {
  #client: TeamClient | undefined;
  #closeEvents: (() => void) | undefined;
  readonly #listeners = new Set<(p: JobProgress) => void>();

  /** The connected server's job progress (the desktop forwards it to its windows instead of its own). */
  onProgress(listener: (p: JobProgress) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  get connected(): boolean {
    return this.#client?.status().connected ?? false;
  }

  status(): TeamStatus {
    return this.#client?.status() ?? { connected: false };
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
    // Progress is a convenience: a connection without it still works (pages re-list their jobs).
    this.#closeEvents = await client.events((p) => this.#listeners.forEach((l) => l(p))).catch(() => undefined);
    return client.status();
  }

  async disconnect(): Promise<TeamStatus> {
    const client = this.#client;
    this.#client = undefined;
    this.#closeEvents?.();
    this.#closeEvents = undefined;
    await client?.signOut();
    return { connected: false };
  }

  async call(channel: string, payload: unknown): Promise<unknown> {
    const client = this.#client;
    if (!client) throw new InputError('not connected to a team server', { msg: msg('team.no_session') });
    try {
      return await client.call(channel, payload);
    } finally {
      if (!client.status().connected && this.#client === client) {
        this.#client = undefined;
        this.#closeEvents?.();
        this.#closeEvents = undefined;
      }
    }
  }
}
