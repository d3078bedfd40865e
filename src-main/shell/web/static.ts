// The built renderer's files, for the loopback shell and the team server alike: a path that leaves the
// renderer folder is refused, and any other unknown path is the app's index.html (its routes).
import { createReadStream, existsSync, statSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function serveStatic(rendererDir: string, pathname: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers);
    res.end();
    return;
  }
  let rel: string;
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    rel = 'index.html';
  }
  const file = path.resolve(rendererDir, rel);
  if (!file.startsWith(path.resolve(rendererDir) + path.sep)) {
    res.writeHead(404, headers);
    res.end();
    return;
  }
  const target = existsSync(file) && statSync(file).isFile() ? file : path.join(rendererDir, 'index.html');
  if (!existsSync(target)) {
    res.writeHead(503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The renderer is not built yet: run `npm run build`.\n');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(target).pipe(res);
}
