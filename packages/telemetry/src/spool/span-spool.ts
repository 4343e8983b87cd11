import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { log } from '../diag-logger.js';
import { decodeSpans, encodeSpans } from './span-codec.js';

/** The `format` of our spool files; a file without it is not ours. */
export const SPOOL_FORMAT = 'tradingagents-telemetry/span-spool';
export const SPOOL_VERSION = 1;

/** Why a file in the spool was not sent: the `reason` label of `tradingagents_telemetry_spool_skipped_files_total`. */
export const SPOOL_SKIP_REASONS = ['corrupt', 'foreign'] as const;
export type SpoolSkipReason = (typeof SPOOL_SKIP_REASONS)[number];

/** What the spool reports, for the self-metrics. */
export interface SpoolReport {
  /** Spans written to the spool (`written`) or read back from it (`restored`). */
  spooled(direction: 'written' | 'restored', spans: number): void;
  /** A file skipped: unreadable or not a span list (`corrupt`), or not ours to send (`foreign`). */
  skipped(reason: SpoolSkipReason): void;
}

/** A file this process has claimed (renamed to `….claimed-<pid>`), with its spans. */
export interface SpoolClaim {
  readonly path: string;
  readonly spans: ReadableSpan[];
}

export interface SpanSpoolOptions {
  /** The spool directory the user set; we use `<dir>/<pipeline>`. */
  readonly dir: string;
  /** `langfuse` or `otlp`: each pipeline has its own subdirectory. */
  readonly pipeline: string;
  /**
   * What identifies the destination (e.g. the Langfuse base URL and public key): files written for
   * another destination are left in place for a process that sends there. Stored hashed.
   */
  readonly destination: string;
  /** Bound of the pipeline's spool files together, in bytes. */
  readonly maxBytes: number;
  readonly report: SpoolReport;
}

const FILE = /^spans-\d{13}-\d+-[0-9a-f]{8}\.json$/;
const CLAIMED = /^(spans-\d{13}-\d+-[0-9a-f]{8}\.json)\.claimed-(\d+)$/;

/**
 * Files claimed by this process, shared by every spool instance in it (and by an ESM and a CJS copy
 * of this module): a claim with our pid that is not in here was left by an earlier process that
 * had the same pid (a container's pid 1).
 */
const KEY = Symbol.for('@tradingagents/telemetry/spool-claims');
const registry = globalThis as Record<symbol, Set<string> | undefined>;
const claimedHere: Set<string> = registry[KEY] ?? new Set();
registry[KEY] = claimedHere;

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The spool of one export pipeline: spans that could not be sent before the process ended, written
 * to files (owner-only, in an owner-only directory, written atomically, bounded in total bytes) and
 * sent by the next process that starts with the same spool. A file is claimed by renaming it (only
 * one process wins), deleted once its spans are settled, and given back if the claiming process
 * died. Files that are not span lists are renamed `….corrupt` and counted; files written for another
 * destination, or not ours, are left alone and counted as foreign. Nothing here throws to the caller.
 *
 * What a file holds is what the exporter would have sent: span names, ids, times, attributes (content
 * only when capture was on, after the mask), resource and scope; never a header, key or credential.
 */
export class SpanSpool {
  readonly dir: string;
  private readonly destination: string;
  private readonly claimed = claimedHere;
  private readonly skippedFiles = new Set<string>();
  private dirReady = false;

  constructor(private readonly options: SpanSpoolOptions) {
    this.dir = join(options.dir, options.pipeline);
    this.destination = createHash('sha256').update(options.destination).digest('hex').slice(0, 32);
  }

  /**
   * Writes `spans` to a new file, synchronously (this runs at process exit), as many as fit the
   * bound, oldest first. Returns how many were written; the caller counts the rest as lost.
   */
  write(spans: readonly ReadableSpan[]): number {
    if (spans.length === 0) return 0;
    try {
      this.ensureDir();
      const budget = this.options.maxBytes - this.usedBytes();
      let count = spans.length;
      let body = this.serialise(spans);
      while (Buffer.byteLength(body) > budget && count > 0) {
        count = Math.floor(count * Math.min(0.9, budget / Buffer.byteLength(body)));
        body = count > 0 ? this.serialise(spans.slice(0, count)) : '';
      }
      if (count === 0) {
        log.warn(
          `@tradingagents/telemetry: the spool ${this.dir} is full (spool.maxBytes ${this.options.maxBytes}); ${spans.length} span(s) not written.`,
        );
        return 0;
      }
      const name = `spans-${String(Date.now()).padStart(13, '0')}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
      const tmp = join(this.dir, `.tmp-${name}`);
      fs.writeFileSync(tmp, body, { mode: 0o600, flag: 'wx' });
      fs.renameSync(tmp, join(this.dir, name));
      this.options.report.spooled('written', count);
      log.info(`@tradingagents/telemetry: wrote ${count} unsent span(s) to the spool ${this.dir}/${name}.`);
      if (count < spans.length) {
        log.warn(
          `@tradingagents/telemetry: the spool ${this.dir} is full (spool.maxBytes ${this.options.maxBytes}); ${spans.length - count} span(s) not written.`,
        );
      }
      return count;
    } catch (error) {
      log.error(
        `@tradingagents/telemetry: could not write ${spans.length} span(s) to the spool ${this.dir}`,
        error,
      );
      return 0;
    }
  }

  /**
   * Claims the oldest spool file whose spans fit in `room` (any file when `room` is the whole queue),
   * and returns its spans; `undefined` when there is none. Claims of dead processes are taken over.
   */
  async claim(room: number, queueEmpty: boolean): Promise<SpoolClaim | undefined> {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn(
          `@tradingagents/telemetry: could not read the spool ${this.dir}: ${(error as Error).message}`,
        );
      }
      return undefined;
    }
    this.recoverStaleClaims(names);
    for (const name of fs.readdirSync(this.dir).sort()) {
      if (this.skippedFiles.has(name)) continue;
      if (!FILE.test(name)) {
        if (!name.startsWith('.tmp-') && !name.endsWith('.corrupt') && !CLAIMED.test(name))
          this.skip(name, 'foreign');
        continue;
      }
      const result = await this.tryClaim(name, room, queueEmpty);
      if (result === 'full') return undefined;
      if (result !== undefined) return result;
    }
    return undefined;
  }

  /** The claimed file's spans are settled (sent, lost, or written to a new spool file): delete it. */
  release(claim: SpoolClaim): void {
    this.claimed.delete(claim.path);
    try {
      fs.unlinkSync(claim.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.warn(
          `@tradingagents/telemetry: could not delete the sent spool file ${claim.path}: ${(error as Error).message}`,
        );
      }
    }
  }

  private async tryClaim(
    name: string,
    room: number,
    queueEmpty: boolean,
  ): Promise<SpoolClaim | 'full' | undefined> {
    const original = join(this.dir, name);
    const path = `${original}.claimed-${process.pid}`;
    try {
      fs.renameSync(original, path);
    } catch {
      return undefined; // Another process claimed it first.
    }
    this.claimed.add(path);
    const unclaim = () => {
      this.claimed.delete(path);
      try {
        fs.renameSync(path, original);
      } catch {
        // Gone: nothing to give back.
      }
    };
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      return this.quarantine(path, original, name, (error as Error).message);
    }
    if (parsed?.format !== SPOOL_FORMAT || parsed.version !== SPOOL_VERSION) {
      unclaim();
      this.skip(name, 'foreign', `not a version ${SPOOL_VERSION} spool file of this SDK`);
      return undefined;
    }
    if (parsed.pipeline !== this.options.pipeline || parsed.destination !== this.destination) {
      unclaim();
      this.skip(
        name,
        'foreign',
        'written for another destination (Langfuse URL and public key, or OTLP endpoint)',
      );
      return undefined;
    }
    let spans: ReadableSpan[];
    try {
      spans = decodeSpans(parsed);
    } catch (error) {
      return this.quarantine(path, original, name, (error as Error).message);
    }
    if (spans.length > room && !queueEmpty) {
      unclaim();
      return 'full';
    }
    this.options.report.spooled('restored', spans.length);
    log.info(`@tradingagents/telemetry: sending ${spans.length} span(s) from the spool file ${original}.`);
    return { path, spans };
  }

  private quarantine(path: string, original: string, name: string, why: string): undefined {
    this.claimed.delete(path);
    try {
      fs.renameSync(path, `${original}.corrupt`);
    } catch {
      // Left claimed: it is skipped all the same.
    }
    this.skip(name, 'corrupt', `${why}; renamed to ${name}.corrupt`);
    return undefined;
  }

  private skip(name: string, reason: SpoolSkipReason, why = 'not a spool file of this SDK'): void {
    if (this.skippedFiles.has(name)) return;
    this.skippedFiles.add(name);
    this.options.report.skipped(reason);
    log.warn(`@tradingagents/telemetry: skipped the spool file ${join(this.dir, name)} (${reason}: ${why}).`);
  }

  /** Files claimed by a process that is gone (or by an earlier process with our pid) go back. */
  private recoverStaleClaims(names: string[]): void {
    for (const name of names) {
      const match = CLAIMED.exec(name);
      if (!match) continue;
      const pid = Number(match[2]);
      const path = join(this.dir, name);
      if (this.claimed.has(path) || (pid !== process.pid && isAlive(pid))) continue;
      try {
        fs.renameSync(path, join(this.dir, match[1] as string));
      } catch {
        // Another process took it over first.
      }
    }
  }

  private serialise(spans: readonly ReadableSpan[]): string {
    return JSON.stringify({
      format: SPOOL_FORMAT,
      version: SPOOL_VERSION,
      pipeline: this.options.pipeline,
      destination: this.destination,
      writtenAt: new Date().toISOString(),
      ...encodeSpans(spans),
    });
  }

  private usedBytes(): number {
    let total = 0;
    for (const name of fs.readdirSync(this.dir)) {
      // Our own claims are being written anew (or were sent): they do not count.
      if ((!FILE.test(name) && !CLAIMED.test(name)) || this.claimed.has(join(this.dir, name))) continue;
      try {
        total += fs.statSync(join(this.dir, name)).size;
      } catch {
        // Deleted meanwhile.
      }
    }
    return total;
  }

  private ensureDir(): void {
    if (this.dirReady) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const mode = fs.statSync(this.dir).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      log.warn(
        `@tradingagents/telemetry: the spool directory ${this.dir} is readable by others (mode ${mode.toString(8)}); spool files are written owner-only (0600), but consider chmod 700.`,
      );
    }
    this.dirReady = true;
  }
}
