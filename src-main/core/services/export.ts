// Excel export of a filter's orders with its daily settlement: the core function every shell calls
// (the orders view, the settlement view, `recon export`). It always writes every filtered row, never
// one page. The file appears only when complete: rows go to a temp file next to the target, renamed
// at the end; a cancelled or failed export removes it.
import type { Lang } from '../../contract/messages/catalogue.ts';
import type { DayStyle } from '../../contract/day-text.ts';
import { createWriteStream, existsSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import { link, lstat, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { App } from '../app.ts';
import { msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import type { JobContext } from '../jobs.ts';
import { formatTaipei, taipeiDayOf } from '../time.ts';
import type { ExceptionRow, OrderWidths } from '../export/sheets.ts';
import { type WorkbookSummary, writeWorkbook } from '../export/workbook.ts';
import { sweepExportTemps } from '../export/temp-files.ts';
import { selectFactsPage, selectFactsWidths } from '../store/order-queries.ts';
import { type OrderFacts, orderFactsQuery } from './order-facts.ts';
import type { OrderFilter } from './orders-query.ts';
import { listProfiles } from './profiles.ts';
import { dailySettlement, settlementAdjustments, validateRange } from './settlement.ts';

export type ExportKind = 'orders' | 'settlement';

export interface ExportRequest {
  filter: OrderFilter;
  /** Target .xlsx path; its folder must exist. */
  out: string;
  kind?: ExportKind;
  exceptions?: ExceptionRow[];
  /** The workbook's language (sheet names, headers, totals, details); bilingual without one. */
  lang?: Lang;
  /** 'roc': dates written as ROC dates (民國 115/11/30). */
  dayStyle?: DayStyle;
  nowMs?: number;
  maxRowsPerSheet?: number;
  batchSize?: number;
  /** Orders read from the database per query; between pages the connection is free for others. */
  pageSize?: number;
  /**
   * Replace an existing regular file at `out` (the CLI's explicit --out). Otherwise an existing file is
   * never overwritten: the export fails instead. A symbolic link at `out` is always refused.
   */
  replace?: boolean;
}

export interface ExportResult extends WorkbookSummary {
  path: string;
  bytes: number;
}

export { EXPORTS_FOLDER, exportsDir, sweepExportTemps } from '../export/temp-files.ts';
import { exportsDir } from '../export/temp-files.ts';

const SAFE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._()-]{0,120}\.xlsx$/u;

/** A file name the UI may ask for (no folders, .xlsx), or one made from the kind, range and time. */
export function exportFileName(kind: ExportKind, filter: OrderFilter, nowMs: number, requested?: string): string {
  if (requested !== undefined) {
    const name = requested.trim();
    if (!SAFE_NAME.test(name)) throw new InputError('the file name must be a plain name ending in .xlsx (letters, digits, spaces, . _ - ( ))', { msg: msg('export.bad_file_name') });
    return name;
  }
  const stamp = formatTaipei(nowMs).replace(/[-:]/g, '').replace(' ', '-');
  return `recon-${kind}-${filter.from ?? 'start'}_${filter.to ?? 'end'}-${stamp}.xlsx`;
}

/** Targets of exports still running in this process: two started with one name get two names. */
const reservedTargets = new Set<string>();

/** lstat-based: a dangling symlink counts as taken (existsSync would follow it and say no). */
function taken(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return reservedTargets.has(file);
  }
}

/** A path in the data folder's exports/ that does not exist yet; reserved until releaseTarget(). */
export function exportTarget(app: App, fileName: string): string {
  const dir = exportsDir(app);
  mkdirSync(dir, { recursive: true });
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, -ext.length);
  let candidate = path.join(dir, fileName);
  for (let i = 2; taken(candidate); i++) candidate = path.join(dir, `${stem} (${i})${ext}`);
  reservedTargets.add(candidate);
  return candidate;
}

export function releaseTarget(target: string): void {
  reservedTargets.delete(target);
}

/** What is at `target` now: nothing, a regular file, or something an export must not write through. */
function targetKind(target: string): 'none' | 'file' | 'symlink' | 'other' {
  try {
    const st = lstatSync(target);
    return st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * Moves the finished temp file to `target`. Without `replace`, link() fails when the name exists, so a
 * second export can never overwrite the first, not even in a race; rename() would.
 */
async function publish(temp: string, target: string, replace: boolean): Promise<void> {
  const kind = targetKind(target);
  if (kind === 'symlink') throw new InputError(`${target} is a symbolic link: not written through`, { msg: msg('export.symlink', { path: target }) });
  if (kind === 'other') throw new InputError(`${target} is not a regular file`, { msg: msg('export.not_regular', { path: target }) });
  if (replace) return rename(temp, target);
  try {
    await link(temp, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(`${target} already exists: not overwritten`, { msg: msg('export.exists', { path: target }) });
    // File systems without hard links (FAT, some network shares): check, then rename.
    if ((await lstat(target).then(() => true, () => false))) throw new InputError(`${target} already exists: not overwritten`, { msg: msg('export.exists', { path: target }) });
    return rename(temp, target);
  }
  await rm(temp, { force: true });
}

function titleOf(kind: ExportKind, filter: OrderFilter, profiles: string[]): string {
  const what = kind === 'settlement' ? '每日結算 Daily settlement' : '訂單 Orders';
  const range = `${filter.from ?? '…'} – ${filter.to ?? '…'}`;
  return `${what} ${range}${profiles.length ? ` · ${profiles.join(', ')}` : ''}`;
}

/**
 * Keyset pages in chronological order, so no statement stays open across the awaits of the writer
 * (better-sqlite3 would refuse every other query meanwhile). Each page moves the range's own lower
 * bound (@startMs, from the filter's Taipei days) up to the last row seen, so the index seeks
 * straight to the page instead of rescanning from the first day.
 */
export function* pagedOrders(app: App, facts: { sql: string; params: Record<string, unknown> }, pageSize: number): Generator<OrderFacts> {
  const startMs = facts.params.startMs;
  if (typeof startMs !== 'number') throw new Error('pagedOrders needs a filter with a day range');
  let afterMs = startMs - 1;
  let afterId = 0;
  for (;;) {
    const page = selectFactsPage<OrderFacts>(app.db, facts, { startMs: Math.max(startMs, afterMs), afterMs, afterId, pageSize });
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < pageSize) return;
    afterMs = last.ordered_at_ms ?? afterMs;
    afterId = last.id;
  }
}

export function measureOrders(app: App, facts: { sql: string; params: Record<string, unknown> }, profiles: string[]): { total: number; widths: OrderWidths } {
  const m = selectFactsWidths(app.db, facts);
  return {
    total: m.total,
    widths: { profiles, orderNo: m.orderNo ?? 0, gatewayOrderNo: m.gatewayOrderNo ?? 0, authCode: m.authCode ?? 0, card: m.card ?? 0, payType: m.payType ?? 0 },
  };
}

/** Writes the workbook for `request.filter` to `request.out`; progress and cancel through `ctx`. */
export async function exportWorkbook(app: App, request: ExportRequest, ctx?: JobContext): Promise<ExportResult> {
  const { from, to } = validateRange(request.filter.from, request.filter.to);
  const filter: OrderFilter = { ...request.filter, from, to };
  const target = path.resolve(request.out);
  if (path.extname(target).toLowerCase() !== '.xlsx') throw new InputError(`the output file must end in .xlsx: ${request.out}`, { msg: msg('export.not_xlsx', { path: request.out }) });
  const dir = path.dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`the folder ${dir} does not exist`, { msg: msg('export.no_folder', { path: dir }) });
  const existing = targetKind(target);
  if (existing === 'symlink') throw new InputError(`${target} is a symbolic link: an export never writes through one`, { msg: msg('export.symlink', { path: target }) });
  if (existing === 'other') throw new InputError(`${target} is a folder or not a regular file`, { msg: msg('export.not_regular', { path: target }) });
  if (existing === 'file' && !request.replace) throw new InputError(`${target} already exists: not overwritten`, { msg: msg('export.exists', { path: target }) });

  const nowMs = request.nowMs ?? Date.now();
  const kind = request.kind ?? 'orders';
  const allProfiles = listProfiles(app);
  const selected = filter.profileIds?.length ? allProfiles.filter((p) => filter.profileIds!.includes(p.id)) : allProfiles;
  const names = selected.map((p) => p.name);
  const settlement = dailySettlement(app, { ...filter, nowMs });
  // The orders pages need a day range to seek on; an open-ended filter gets the widest one.
  const facts = orderFactsQuery({ ...filter, from: from ?? '1970-01-01', to: to ?? '9999-12-31' }, taipeiDayOf(nowMs), app.db);
  const { total, widths } = measureOrders(app, facts, names);
  const adjustments = settlementAdjustments(app, { from, to, profileIds: filter.profileIds });

  sweepExportTemps(dir, Date.now());
  const temp = path.join(dir, `.${path.basename(target, '.xlsx')}.${randomBytes(4).toString('hex')}.tmp`);
  const out = createWriteStream(temp, { flags: 'wx' });
  // Settles either way: a stream error surfaces through the writer, not as an unhandled rejection here.
  const closed = once(out, 'close').then(
    () => undefined,
    () => undefined,
  );
  try {
    const summary = await writeWorkbook(
      out,
      {
        title: titleOf(kind, filter, filter.profileIds?.length ? names : []),
        settlement,
        profiles: names,
        orders: { total, widths, rows: pagedOrders(app, facts, request.pageSize ?? 5000) },
        exceptions: request.exceptions,
        lang: request.lang,
        dayStyle: request.dayStyle,
        adjustments: adjustments.length ? adjustments : undefined,
      },
      { ctx, maxRowsPerSheet: request.maxRowsPerSheet, batchSize: request.batchSize, createdAt: new Date(nowMs) },
    );
    await closed;
    await publish(temp, target, request.replace ?? false);
    const bytes = statSync(target).size;
    ctx?.progress({ done: summary.orders, message: target, messageMsg: msg('export.progress_written', { path: target }) });
    return { ...summary, path: target, bytes };
  } catch (err) {
    out.destroy();
    await closed;
    await rm(temp, { force: true });
    sweepExportTemps(dir, Date.now());
    throw err;
  }
}


/** Starts an export as a job (progress events, cancel); the target path is known at once. */
export function startExport(app: App, request: ExportRequest): { jobId: string; path: string; done: Promise<ExportResult> } {
  // Validate before the job exists, so bad input is an error of the call, not a failed job.
  validateRange(request.filter.from, request.filter.to);
  const { jobId, done } = app.jobs.run('export', (ctx) => exportWorkbook(app, request, ctx), { message: path.basename(request.out) });
  // The caller follows the job through progress events; an unobserved rejection must not crash main.
  done.catch(() => undefined);
  return { jobId, path: path.resolve(request.out), done };
}
