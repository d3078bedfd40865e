// A call's JSON body, read under one limit by both HTTP shells (the loopback web shell and the team
// server). Ledger files arrive in it as base64 (ledger:preview/import): 15 MB of file is about 20 MB.
import type http from 'node:http';

export const MAX_CALL_BODY = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/** The parsed body ({} when empty); rejects with BodyTooLargeError past the limit, SyntaxError if not JSON. */
export function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_CALL_BODY) {
        reject(new BodyTooLargeError());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? {} : JSON.parse(text));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}
