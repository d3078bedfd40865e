// The console's log: structured JSON lines (pino) in <data>/logs/<shell>.log, one file per shell so
// the desktop app, the web shell and a CLI run never interleave. Each file is capped in size and
// rotated (<shell>.1.log is the previous one, up to LOG_KEEP files), and every line passes through
// redaction before it reaches the disk. Written synchronously, so the line that explains a crash is
// on disk before the process dies.
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ReconError } from '../errors.ts';
import { REDACTED, REDACT_PATHS, redactText } from './redact.ts';

export const LOGS_DIR = 'logs';
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_KEEP = 5;

export type Logger = pino.Logger;

export function logsDir(dataDir: string): string {
  return path.join(dataDir, LOGS_DIR);
}

/** A synchronous, size-capped file destination: when a write would pass maxBytes the file rotates. */
export class RotatingFile {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private fd: number;
  private size: number;
  constructor(file: string, maxBytes = LOG_MAX_BYTES, keep = LOG_KEEP) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  write(chunk: string): boolean {
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, chunk);
    this.size += bytes;
    return true;
  }

  private rotated(n: number): string {
    const ext = path.extname(this.file);
    return `${this.file.slice(0, -ext.length)}.${n}${ext}`;
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(this.rotated(this.keep - 1), { force: true });
    for (let n = this.keep - 2; n >= 1; n--) if (existsSync(this.rotated(n))) renameSync(this.rotated(n), this.rotated(n + 1));
    renameSync(this.file, this.rotated(1));
    this.fd = openSync(this.file, 'a', 0o600);
    this.size = 0;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

export interface OpenLogOptions {
  maxBytes?: number;
  keep?: number;
  level?: string;
}

export function openLog(dataDir: string, shell: string, options: OpenLogOptions = {}): { logger: Logger; file: RotatingFile } {
  const file = new RotatingFile(path.join(logsDir(dataDir), `${shell}.log`), options.maxBytes, options.keep);
  const logger = pino(
    {
      level: options.level ?? process.env.RECON_LOG_LEVEL ?? 'info',
      base: { pid: process.pid, shell },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: redactText },
    },
    file,
  );
  return { logger, file };
}

// One logger per process: set by the shell at start; until then (and in tests that never set one)
// a silent logger, so core code can always log.
let current: Logger = pino({ level: 'silent' });
let currentFile: RotatingFile | undefined;
let currentDir: string | undefined;

export function setLogger(dataDir: string, shell: string, options?: OpenLogOptions): Logger {
  currentFile?.close();
  const opened = openLog(dataDir, shell, options);
  current = opened.logger;
  currentFile = opened.file;
  currentDir = logsDir(dataDir);
  return current;
}

export function log(): Logger {
  return current;
}

/** Where this process logs, for messages that point a person at the log. */
export function currentLogsDir(): string | undefined {
  return currentDir;
}

/** A short id a person can read out to support, and find in the log. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/**
 * Logs an error nobody anticipated (anything that is not a ReconError) with a fresh id, and returns
 * the id so the message the user sees can carry it.
 */
export function logUnexpected(err: unknown, context: Record<string, unknown> = {}): string {
  const errorId = newErrorId();
  current.error({ errorId, ...context, err: err instanceof Error ? err : { message: String(err) } }, 'unexpected error');
  return errorId;
}

/** The sentence shown for an unexpected error: the id, and where the log is. */
export function unexpectedMessage(errorId: string): string {
  const where = currentDir ? ` in ${currentDir}` : '';
  return `unexpected error in the console (error id ${errorId}); the log${where} has the details`;
}

/** Logs unhandled rejections and uncaught exceptions of this process. An uncaught exception still ends the process. */
export function logProcessFailures(onFatal: (err: unknown, errorId: string) => void = () => process.exit(70)): void {
  process.on('unhandledRejection', (reason) => {
    if (reason instanceof ReconError) current.warn({ err: reason, code: reason.code }, 'unhandled rejection');
    else logUnexpected(reason, { kind: 'unhandledRejection' });
  });
  process.on('uncaughtException', (err) => {
    const errorId = logUnexpected(err, { kind: 'uncaughtException' });
    onFatal(err, errorId);
  });
}
