import type { Readable } from 'node:stream';
import type { Exchange } from '../lib/exchange';
import { addCounts } from '../lib/inventory/count-map';
import type { ContentDigestRequest } from './content-digest';

export type ExchangeSink = (exchange: Exchange) => void;

/** Where follow checkpoints live without `--state-dir` (extract; ingest and push keep theirs in LANTERN_DATA_DIR). */
export const DEFAULT_STATE_DIR = './data/collector-state';

export interface ExtractOptions {
  /** Log format override (`nginx`, `envoy`, …); captures ignore it. */
  format?: string;
  /** nginx `log_format` string, parsed from nginx's variable syntax. */
  nginxFormat?: string;
  /** Apache `LogFormat` string. */
  apacheFormat?: string;
  /** The inputs are files found in this directory (ingest counts them one by one): one fitting no format is skipped. */
  foundIn?: string;
  /** Keep watching inputs (tail -F for logs, new rotated files for capture directories). */
  follow?: boolean;
  /** Directory where follow checkpoints live; restarts resume from it. */
  stateDir?: string;
  /** Whose follow checkpoints they are (StateOwner): `extract` for `lantern extract`, else an inventory's. */
  stateOwner?: StateOwner;
  /**
   * Follow mode: makes everything the sink received so far reach its destination. A checkpoint is
   * saved only after this resolves, so a kill never checkpoints lines that were not written.
   */
  flushOutput?: (unit?: CompleteUnit) => Promise<void>;
  /**
   * Follow mode with a shared destination (ingest aggregates everything): each reader gets its own sink
   * and flush, so the checkpoint one reader saves never covers records another reader received but has
   * not checkpointed yet (a capture file half read while a log checkpoint lands). Replaces sink,
   * flushOutput and emitJson for the readers it is given to.
   */
  lanes?: (reader: ReaderKind) => ReaderLane;
  /**
   * Follow mode: writes a checkpoint file (whole content, atomically). Given, it replaces the readers' own file
   * write, so a destination can store the checkpoint together with the records flushed just before it.
   */
  saveState?: (file: string, content: string) => Promise<void>;
  /**
   * Follow mode: every reader has caught up with what there was to read and saved its checkpoint; nothing is being
   * read. A destination that held records back across checkpoints (ingest coalescing a backlog) makes them durable now.
   */
  idle?: () => Promise<void>;
  /**
   * Optional fast lane: a collector may hand over a record already serialized, a JSON text identical
   * to `JSON.stringify(record)` (no newline), instead of calling the sink with the object.
   */
  emitJson?: (json: string) => void;
  /** What `-` reads (default: process.stdin). */
  stdin?: Readable;
  /** Once `-` has been read: the SHA-256 of its bytes (ingest keys its batches by input content, as for files). */
  onStdinDigest?: (sha256: string) => void;
  /** The same of each log, HAR or exchange file read whole, taken as it is read (content-digest.ts). */
  contentDigest?: ContentDigestRequest;
  /** Follow mode: the descriptor the sink writes to; when it is a regular file, a restart after a
   * kill drops the records already written past the last checkpoint instead of writing them twice. */
  outputFd?: number;
  /**
   * Capture files: worker threads sharing the flows of one large file (with `emitJson` and without `follow`;
   * see collectors/pcap/sharded-extract.ts). Default 1.
   */
  workers?: number;
  /** Capture files smaller than this are read by one thread whatever `workers` says (default 64 MiB). */
  shardMinBytes?: number;
  /** Key for credential fingerprints (see lib/exchange/fingerprint.ts). */
  fingerprintKey: Uint8Array | string;
  signal?: AbortSignal;
  /**
   * Follow mode: warnings as they arise (a follower runs for days; its summary comes only when it stops). Given, the
   * log readers hand them here instead of to the report.
   */
  onWarning?: (text: string) => void;
  /** Called now and then during long inputs, for a progress line on a TTY. */
  onProgress?: (progress: { input: string; bytesRead: number; bytesTotal?: number }) => void;
}

export type ReaderKind = 'captures' | 'logs' | 'exchanges';

export interface ReaderLane {
  sink: ExchangeSink;
  flushOutput?: (unit?: CompleteUnit) => Promise<void>;
  saveState?: (file: string, content: string) => Promise<void>;
  idle?: () => Promise<void>;
}

/**
 * Passed to `flushOutput` when everything received since the last flush is exactly one whole input file
 * (a rotated capture): the destination can then key what it stores by the file, so a file processed again
 * after a kill (its checkpoint never landed) is recognised instead of counted twice.
 */
export interface CompleteUnit {
  path: string;
}

export interface ExtractReport {
  exchanges: number;
  /** Named counters shown in the summary: packets, bytes, flows, gaps, lines, malformed… */
  stats: Record<string, number>;
  /** Partial or damaged input, each naming the file and packet or line number; exit code stays 0. */
  warnings: string[];
  /** Inputs that could not be read at all; the CLI exits 2 when there are any. */
  errors: string[];
}

export function emptyReport(): ExtractReport {
  return { exchanges: 0, stats: {}, warnings: [], errors: [] };
}

/** Adds `b` into `a` (counters summed, messages appended). */
export function mergeReports(a: ExtractReport, b: ExtractReport): ExtractReport {
  return {
    exchanges: a.exchanges + b.exchanges,
    stats: addCounts(a.stats, b.stats),
    warnings: [...a.warnings, ...b.warnings],
    errors: [...a.errors, ...b.errors],
  };
}

/**
 * Whose checkpoints they are: `extract` writes records out, `inventory` (ingest, push) counts them in an inventory.
 * Each reads by its own: until 6 Dec both kept them under one name in the same default directory, so a look with
 * `extract --follow a.log` made a later `ingest --follow a.log` skip every line the look had read (none stored). An
 * inventory's checkpoints keep the names they had (`logs-<hash>.json`, a deployment upgrading reads on where it
 * was); extract's are `extract-logs-<hash>.json` (captures: `extract-captures-<hash>.json`), and it takes over a
 * state from before the owners were written once, as before (nothing says whose it was).
 */
export type StateOwner = 'extract' | 'inventory';
