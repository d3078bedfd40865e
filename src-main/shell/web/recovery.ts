// The web shell's recovery screen: when the database cannot be used, the console serves this one page
// instead of the app (same loopback address, same per-launch token), saying what happened and
// offering the two ways on: restore the latest backup (checked first), or start fresh keeping the
// broken file aside. Once one succeeds the caller starts the real console on the same port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseUnusableError } from '../../core/store/health.ts';
import { latestBackup, restoreFrom, startFresh } from '../../core/store/backup.ts';
import { InputError, ReconError, errorMessage } from '../../core/errors.ts';
import { type Message, msg, renderMessage } from '../../contract/messages/render.ts';
import { log } from '../../core/ops/log.ts';
import { randomBytes } from 'node:crypto';
import { CONTENT_SECURITY_POLICY, LAUNCH_CODE_PARAM, LaunchCodes, PRINTED_CODE_TTL_MS, SESSION_COOKIE, TOKEN_HEADER, checkRequest, mintLaunchCode, parseCookies } from './security.ts';

export interface RecoveryScreen {
  url: string;
  port: number;
  /** Resolves once the database was restored or set aside; the server is closed by then. */
  recovered: Promise<'restored' | 'fresh'>;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TITLES: Record<DatabaseUnusableError['reason'], [string, string]> = {
  unreadable: ['資料庫無法開啟', 'The database cannot be opened'],
  corrupt: ['資料庫已損毀', 'The database is damaged'],
  empty: ['資料庫是空的，資料已遺失', 'The database is empty: its data is lost'],
  newer: ['資料庫來自較新版本的主控台', 'The database is from a newer version of the console'],
};

/** A message in both languages, Chinese first, as the rest of the page. */
function both(message: Message): string {
  return `<span lang="zh-Hant">${escapeHtml(renderMessage(message, 'zh-TW'))}</span><br><span lang="en">${escapeHtml(renderMessage(message, 'en'))}</span>`;
}

/** Why a recovery step failed: the error's catalogue message when it has one, its text otherwise. */
function failedNote(e: unknown): string {
  const reason = e instanceof ReconError && e.msg ? e.msg : null;
  return reason ? both(msg('restore.failed', { reason })) : `失敗 Failed: ${escapeHtml(errorMessage(e))}`;
}

/** `note` is HTML (escaped by whoever built it). */
export function recoveryPage(err: DatabaseUnusableError, dataDir: string, note = ''): string {
  const latest = latestBackup(dataDir);
  const [zh, en] = TITLES[err.reason];
  const actions =
    err.reason === 'newer'
      ? '<p>請更新主控台。Update the console, or point RECON_DATA_DIR at another folder.</p>'
      : `${latest
          ? `<form method="post" action="/recover/latest"><button type="submit" id="restore-latest">還原最新備份 Restore the latest backup</button> <span>${escapeHtml(latest.file)} (${escapeHtml(latest.createdAt)})</span></form>`
          : '<p>沒有備份。No backup exists.</p>'}
        <form method="post" action="/recover/fresh"><button type="submit" id="start-fresh">重新開始（保留損毀檔案）Start fresh, keeping the broken file aside</button></form>`;
  return `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><title>${zh} · ${en}</title></head>
<body style="font-family: sans-serif; max-width: 46rem; margin: 3rem auto; line-height: 1.5">
<h1 role="alert">${zh} · ${en}</h1>
<p id="what">${err.msg ? `<span lang="zh-Hant">${escapeHtml(renderMessage(err.msg, 'zh-TW'))}</span><br>` : ''}<span lang="en">${escapeHtml(err.message)}</span></p>
${note ? `<p id="note" role="status">${note}</p>` : ''}
${actions}
</body></html>`;
}

const RECOVERY_CSP = CONTENT_SECURITY_POLICY.replace("form-action 'none'", "form-action 'self'");

export async function startRecoveryScreen(err: DatabaseUnusableError, dataDir: string, token: string, port = 0): Promise<RecoveryScreen> {
  let boundPort = 0;
  let settle: (how: 'restored' | 'fresh') => void = () => undefined;
  const recovered = new Promise<'restored' | 'fresh'>((resolve) => (settle = resolve));
  const headers = { 'Content-Security-Policy': RECOVERY_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
  // The same gate as the console: a one-time launch code becomes a session cookie; never a token in a URL.
  const codes = new LaunchCodes(token);
  const sessions = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(
      {
        method: req.method ?? 'GET',
        host: req.headers.host,
        origin: typeof req.headers.origin === 'string' ? req.headers.origin : undefined,
        queryToken: url.searchParams.get('token') ?? undefined,
        launchCode: url.searchParams.get(LAUNCH_CODE_PARAM) ?? undefined,
        cookieToken: parseCookies(req.headers.cookie)[SESSION_COOKIE],
        headerToken: typeof req.headers[TOKEN_HEADER] === 'string' ? (req.headers[TOKEN_HEADER] as string) : undefined,
      },
      boundPort,
      { token, isSession: (v) => sessions.has(v), redeem: (c) => codes.redeem(c) },
    );
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Refused: ${verdict.reason}\n`);
      return;
    }
    let cookie: Record<string, string> = {};
    if (verdict.via === 'code') {
      const session = randomBytes(24).toString('base64url');
      sessions.add(session);
      cookie = { 'Set-Cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` };
    }
    const page = (status: number, html: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, ...cookie, ...extra, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    };
    if (req.method === 'POST' && (url.pathname === '/recover/latest' || url.pathname === '/recover/fresh')) {
      void (async () => {
        try {
          if (url.pathname === '/recover/fresh') {
            const aside = startFresh(dataDir);
            log().warn({ aside }, 'database set aside from the recovery screen; starting fresh');
            page(200, doneHtml(both(msg('restore.fresh_done', { aside: aside ?? '—' })), token), {});
            settle('fresh');
          } else {
            const latest = latestBackup(dataDir);
            if (!latest) throw new InputError('there is no backup to restore', { msg: msg('restore.none') });
            const done = await restoreFrom(latest.file, dataDir);
            log().warn({ from: latest.file, replaced: done.replaced }, 'database restored from the recovery screen');
            page(200, doneHtml(both(msg('restore.done', { path: latest.file, entries: done.auditEntries, replaced: done.replaced ?? '—' })), token));
            settle('restored');
          }
        } catch (e) {
          page(422, recoveryPage(err, dataDir, failedNote(e)));
        }
      })();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers);
      res.end();
      return;
    }
    page(503, recoveryPage(err, dataDir));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  boundPort = (server.address() as AddressInfo).port;
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${boundPort}/?${LAUNCH_CODE_PARAM}=${mintLaunchCode(token, PRINTED_CODE_TTL_MS)}`,
    port: boundPort,
    recovered: recovered.then(async (how) => {
      // Let the answer page reach the browser before the connections are cut.
      await new Promise((r) => setTimeout(r, 200));
      await close();
      return how;
    }),
    close,
  };
}

/** `html` is escaped by whoever built it. */
function doneHtml(html: string, token: string): string {
  return `<!doctype html><html lang="zh-Hant"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2;url=/?${LAUNCH_CODE_PARAM}=${encodeURIComponent(mintLaunchCode(token))}"><title>OK</title></head>
<body style="font-family: sans-serif; max-width: 46rem; margin: 3rem auto"><p id="done" role="status">${html}</p><p>正在開啟主控台… Opening the console…</p></body></html>`;
}
