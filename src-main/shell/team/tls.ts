// The team server's certificate: the one an administrator put in <data>/tls (cert.pem + key.pem), or
// else a self-signed one made at first start and kept there, so its fingerprint stays the same across
// restarts and people can pin it. The private key is a file (mode 0600) beside the database, never a
// row in it. Made with the machine's openssl: nothing is downloaded at run time.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ReconError } from '../../core/errors.ts';
import { msg } from '../../contract/messages/render.ts';

export interface TeamTls {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated hex, as browsers and `openssl x509 -fingerprint` show it. */
  fingerprint256: string;
  certFile: string;
  created: boolean;
}

export async function teamTls(dataDir: string, hostNames: string[] = ['localhost']): Promise<TeamTls> {
  const dir = path.join(dataDir, 'tls');
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  let created = false;
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const san = ['IP:127.0.0.1', ...hostNames.map((h) => (/^[\d.]+$/.test(h) ? `IP:${h}` : `DNS:${h}`))].join(',');
    try {
      await promisify(execFile)('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '825',
        '-subj', '/CN=Reconciliation Console team server', '-addext', `subjectAltName=${san}`,
        '-keyout', keyFile, '-out', certFile,
      ], { timeout: 30_000 });
    } catch (err) {
      throw new ReconError('tls', `cannot make a certificate with openssl: ${(err as Error).message.split('\n')[0]}`, { cause: err, msg: msg('team.tls_unavailable', { dir }) });
    }
    chmodSync(keyFile, 0o600);
    created = true;
  }
  const cert = readFileSync(certFile, 'utf8');
  return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint256: new X509Certificate(cert).fingerprint256, certFile, created };
}
