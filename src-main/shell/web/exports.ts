// The web shell has no save dialog: finished exports are offered as a download from the data
// folder's exports/ (behind the same per-launch token as everything else). Only plain .xlsx names
// directly in that folder are served; no other file is reachable through this route.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { App } from '../../core/app.ts';
import { exportsDir } from '../../core/services/export.ts';

export const EXPORTS_ROUTE = '/exports/';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function serveExport(app: App, pathname: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): void {
  let name: string;
  try {
    name = decodeURIComponent(pathname.slice(EXPORTS_ROUTE.length));
  } catch {
    name = '';
  }
  const dir = exportsDir(app);
  const file = path.join(dir, name);
  const plain = name !== '' && !name.startsWith('.') && path.basename(name) === name && !name.includes('\\') && name.toLowerCase().endsWith('.xlsx');
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !plain || path.dirname(file) !== dir || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('No such export.\n');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': XLSX_MIME,
    'Content-Length': String(statSync(file).size),
    'Content-Disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
