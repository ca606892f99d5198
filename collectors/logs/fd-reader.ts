import { open, type FileHandle } from 'node:fs/promises';
import type { FileCheckpoint } from './checkpoint-store';
import { FINGERPRINT_BYTES, hashPrefix, type FileIdentity } from './file-identity';
import { awaitsFirstLine, logHeadOf, stderrFillsHead, withStdoutPastHead } from './log-head';
import { createLineFeeder, type FilePosition, type LineFeeder, type ReadContext } from './log-reader';
import type { LineFormat } from './line-format';
import { sniffHead, type LineFormats } from './registry';

const CHUNK_BYTES = 1 << 20;
const HEAD_BYTES = 256 * 1024;

export type Commit = (cp: FileCheckpoint) => Promise<void>;

/**
 * Reads one file through an open descriptor, from a checkpointed position, committing after each
 * chunk. Bound to the descriptor, not the name: after a rename it keeps reading the same file.
 */
export class FdReader {
  private splitter: LineFeeder | undefined;
  private failed = false;
  /** The size at which no format could be told yet (awaitsFirstLine): judged again once the file has grown. */
  private undecidedAt = -1;
  /** Where a container log's stderr lines past its head end, as far as looked (log-head.ts withStdoutPastHead). */
  private stderrScannedTo = 0;
  /** The reader chosen for the file, once it is. */
  private format: LineFormat | undefined;
  /** The same log's file before a rotation, whose lines still in parts may end in this one (continues). */
  private previous: FdReader | undefined;
  /** Bytes read from the file (the splitter may hold the tail of them as a partial line). */
  readPos: number;
  lastGrowth = Date.now();

  private constructor(
    readonly path: string,
    private fh: FileHandle,
    public id: FileIdentity,
    private readonly formats: LineFormats,
    private readonly ctx: ReadContext,
    private readonly commit: Commit,
    private start: FilePosition,
  ) {
    this.readPos = readFromOf(start);
  }

  /** Opens `path`; resumes from `cp` when it describes this very file, else starts at 0. */
  static async open(path: string, formats: LineFormats, ctx: ReadContext, commit: Commit, cp?: FileCheckpoint): Promise<FdReader | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch {
      return undefined;
    }
    const st = await fh.stat({ bigint: true });
    const size = Number(st.size);
    const dev = st.dev.toString();
    const ino = st.ino.toString();
    if (cp && cp.dev === dev && cp.ino === ino && cp.fingerprintLength <= size && cp.offset <= size &&
        (await hashPrefix(fh, cp.fingerprintLength)) === cp.fingerprint) {
      const id = { dev, ino, fingerprint: cp.fingerprint, fingerprintLength: cp.fingerprintLength };
      return new FdReader(path, fh, id, formats, ctx, commit, { offset: cp.offset, lineNo: cp.lineNo, partsFrom: cp.partsFrom });
    }
    const length = Math.min(size, FINGERPRINT_BYTES);
    const id = { dev, ino, fingerprint: await hashPrefix(fh, length), fingerprintLength: length };
    return new FdReader(path, fh, id, formats, ctx, commit, { offset: 0, lineNo: 0 });
  }

  /** This file is what `previous` was before a rotation: a line its runtime split across the two is joined. */
  continues(previous: FdReader): void {
    this.previous = previous;
  }

  get position(): FilePosition {
    return this.splitter ? this.splitter.position() : this.start;
  }

  /** Bytes of an unfinished last line held back. */
  get pending(): number {
    return this.splitter?.pending ?? 0;
  }

  async size(): Promise<number> {
    return (await this.fh.stat()).size;
  }

  /** False when the first bytes changed: the file was truncated and rewritten in place. */
  async prefixUnchanged(size: number): Promise<boolean> {
    if (size < this.id.fingerprintLength) return false;
    return (await hashPrefix(this.fh, this.id.fingerprintLength)) === this.id.fingerprint;
  }

  /** A file first seen short gets a longer fingerprint once it has grown. */
  async upgradeFingerprint(size: number): Promise<void> {
    if (this.id.fingerprintLength >= FINGERPRINT_BYTES || size <= this.id.fingerprintLength) return;
    const length = Math.min(size, FINGERPRINT_BYTES);
    this.id = { ...this.id, fingerprint: await hashPrefix(this.fh, length), fingerprintLength: length };
  }

  /** Reads to end of file; `final` treats a last unterminated line as whole and marks the file done. */
  async readToEnd(final: boolean): Promise<void> {
    if (this.failed || (!this.splitter && !(await this.chooseFormat()))) return;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      if (this.ctx.signal?.aborted) return;
      const { bytesRead } = await this.fh.read(buf, 0, CHUNK_BYTES, this.readPos);
      if (bytesRead === 0) break;
      this.readPos += bytesRead;
      this.lastGrowth = Date.now();
      this.splitter!.push(buf.subarray(0, bytesRead));
      await this.commit(this.checkpoint());
    }
    if (final) {
      this.splitter!.finish();
      await this.commit(this.checkpoint(true));
    }
  }

  async close(): Promise<void> {
    await this.fh.close().catch(() => {});
  }

  checkpoint(done?: boolean): FileCheckpoint {
    return { path: this.path, ...this.id, ...this.position, ...(done ? { done } : {}) };
  }

  private async chooseFormat(): Promise<boolean> {
    const size = await this.size();
    if (size === this.undecidedAt) return false;
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await this.fh.read(head, 0, HEAD_BYTES, 0);
    const sniffHeadOf = logHeadOf(head.subarray(0, bytesRead), false, false);
    const { lines } = sniffHeadOf;
    if (lines.length === 0) return false; // nothing complete yet: decide when the first line lands
    let sniffed = sniffHead(sniffHeadOf, this.formats);
    if (!('format' in sniffed) && bytesRead === HEAD_BYTES && stderrFillsHead(sniffHeadOf)) {
      // Looked at from where the last look found only stderr lines: an idle sidecar is not scanned from 0 at each growth.
      const from = this.stderrScannedTo;
      const past = await withStdoutPastHead(sniffHeadOf, chunksOf(this.fh, from), from);
      if (past.head === sniffHeadOf) this.stderrScannedTo = past.scannedTo;
      sniffed = sniffHead(past.head, this.formats);
    }
    // A container's stderr diagnostics alone (an idle sidecar): decided when its access lines come.
    if (!('format' in sniffed) && awaitsFirstLine(sniffHeadOf)) {
      this.undecidedAt = size;
      return false;
    }
    if (!('format' in sniffed)) {
      this.failed = true;
      this.ctx.tally.errors.push(`${this.path}: no known log format fits its first ${lines.length} lines (tried: ${sniffed.tried.join(', ')})`);
      return false;
    }
    if (sniffed.note) this.ctx.tally.warn(`${this.path}: ${sniffed.note}`);
    this.readPos = readFromOf(this.start);
    this.format = sniffed.format;
    if (this.previous?.format) this.format.continueFrom?.(this.previous.format);
    if (this.start.lineNo > 0) this.format.resumeAt?.(this.path, lines.slice(0, this.start.lineNo));
    this.previous = undefined;
    this.splitter = createLineFeeder(this.path, sniffed.format, this.ctx.tally, this.ctx.sink, this.start, this.ctx.emitJson);
    return true;
  }
}

/** The file's bytes from `from`, through the descriptor (the name may be another file's after a rotation). */
async function* chunksOf(fh: FileHandle, from: number): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafe(HEAD_BYTES);
  for (let pos = from; ;) {
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

/** A line held in parts when the checkpoint was saved is read again from its first part (log-reader.ts). */
function readFromOf(start: FilePosition): number {
  return start.partsFrom?.offset ?? start.offset;
}
