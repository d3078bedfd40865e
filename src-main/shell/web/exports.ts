// The web shell has no save dialog: finished exports are offered as a download from the data
// folder's exports/ (behind the same per-launch token as everything else). Only plain .xlsx names
// directly in that folder are served; no other file is reachable through this route: a symlink is
// never followed (O_NOFOLLOW on the file, lstat on the folder), so another local user who can drop a
// link into the folder cannot make the console serve /etc/passwd or the database.
import { closeSync, constants, createReadStream, fstatSync, lstatSync, openSync } from 'node:fs';
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
  const fd = req.method === 'GET' || req.method === 'HEAD' ? (plain && path.dirname(file) === dir ? openNoFollow(dir, file) : undefined) : undefined;
  if (fd === undefined) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('No such export.\n');
    return;
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': XLSX_MIME,
    'Content-Length': String(fstatSync(fd).size),
    'Content-Disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
  if (req.method === 'HEAD') {
    closeSync(fd);
    return void res.end();
  }
  createReadStream('', { fd, autoClose: true }).pipe(res);
}

/** An fd of a regular file directly in a real (not symlinked) exports folder, or undefined. */
function openNoFollow(dir: string, file: string): number | undefined {
  try {
    const d = lstatSync(dir);
    if (!d.isDirectory() || d.isSymbolicLink()) return undefined;
    // O_NOFOLLOW is 0 on Windows, where creating symlinks needs rights a neighbour lacks by default.
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    if (fstatSync(fd).isFile()) return fd;
    closeSync(fd);
  } catch {
    // ELOOP (a symlink), ENOENT: no such export.
  }
  return undefined;
}
