// `recon serve`: the team server (issue #23) on this data folder, over HTTPS. Prints one JSON line
// (url, certificate fingerprint) and the same in words on stderr, then serves until SIGINT/SIGTERM.
// People must exist first (`recon user add`). The store is the one the environment names: the
// folder's SQLite file, or the team's PostgreSQL database from RECON_DATABASE_URL (issue #22).
import { type Command, optionalString, said, UsageError } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { auditAnchorState } from '../../core/audit-anchor.ts';
import { acquireInstanceLock } from '../../core/ops/instance-lock.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { startTeamServer } from '../../shell/team/server.ts';
import { teamTls } from '../../shell/team/tls.ts';
import { findRendererDir } from '../../shell/web/renderer-dir.ts';

export const serveCommand: Command = {
  path: ['serve'],
  summary: 'serve the console to a team over HTTPS: people sign in, roles decide what they may do',
  summaryZh: '以 HTTPS 把主控台提供給團隊使用：每個人登入，角色決定能做什麼',
  options: {
    host: { type: 'string', description: 'address to listen on (default 127.0.0.1)', zh: '監聽的位址（預設 127.0.0.1）', value: 'ADDR' },
    port: { type: 'string', description: 'port (default 8443; 0 picks a free one)', zh: '連接埠（預設 8443；0 表示自動選一個空的）', value: 'N' },
  },
  details: 'A self-signed certificate is made in <data>/tls at first start (or put your own cert.pem and key.pem there); its SHA-256 fingerprint is printed.',
  detailsZh: '第一次啟動時會在 <data>/tls 產生自簽憑證（也可以放入自己的 cert.pem 與 key.pem），並印出它的 SHA-256 指紋。',
  async run(options, io) {
    const host = optionalString(options, 'host') ?? '127.0.0.1';
    const portText = optionalString(options, 'port') ?? '8443';
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
      throw new UsageError(`--port must be a whole number from 0 to 65535, got ${JSON.stringify(portText)}`, { msg: msg('cli.not_whole_number', { option: '--port', max: '65535', value: portText }) });
    }
    const dataDir = dataDirFromEnv(io.env);
    // One console per data folder, as for the desktop and the loopback shell.
    const lock = acquireInstanceLock(dataDir, 'recon serve');
    try {
      return await withApp(io, async (app) => {
        // A second server of a team database without the team's audit key would write entries no
        // other server can verify: it waits for `recon team import-key` instead.
        if (app.engine === 'postgres' && auditAnchorState(app) === 'key_missing') {
          throw new UsageError("this machine's keychain lacks the team database's audit key: on a server that has it run `recon team export-key`, and pipe it to `recon team import-key` here", {
            msg: msg('team.serve_key_missing'),
          });
        }
        const tls = await teamTls(dataDir, host === '0.0.0.0' || host === '::' ? ['localhost'] : ['localhost', host]);
        const server = await startTeamServer({ app, tls, host, port: Number(portText), rendererDir: findRendererDir() });
        io.stdout(`${JSON.stringify({ url: server.url, fingerprint256: tls.fingerprint256, certificate: tls.certFile })}\n`);
        io.stderr(`${said(io, msg('team.serving', { url: server.url, fingerprint: tls.fingerprint256 }), `Team server listening on ${server.url}; certificate fingerprint (SHA-256): ${tls.fingerprint256}`)}\n`);
        await io.untilStopped();
        await server.close();
        return 0;
      }, { audit: true });
    } finally {
      lock.release();
    }
  },
};
