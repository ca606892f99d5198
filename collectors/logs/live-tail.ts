import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileCheckpoint } from './checkpoint-store';
import { findCompressedCopy, readCompressedCopy } from './compressed-copy';
import { hashPrefix, isSameFile, type FileIdentity } from './file-identity';
import { FdReader, type Commit } from './fd-reader';
import type { FilePosition, ReadContext } from './log-reader';
import type { LineFormats } from './registry';

/**
 * After a rename, writers keep appending to the old file until they reopen (nginx on USR1, after
 * logrotate's postrotate): the old file is read alongside the new one until it has been quiet
 * this long.
 */
const RETIRE_AFTER_MS = 5000;

/**
 * Follows one log by name, like `tail -F`: rotation by rename (the old file is finished through its
 * descriptor), and truncation in place (logrotate's copytruncate; detected by size or by the first
 * bytes changing, and the part not yet read is taken from the copy when one is found).
 */
export class LiveTail {
  private current: FdReader | undefined;
  private retired: FdReader[] = [];
  private missingNoted = false;
  /** The file last rotated away, until the next file at the name is opened (FdReader.continues). */
  private rotatedAway: FdReader | undefined;

  constructor(
    readonly path: string,
    private readonly formats: LineFormats,
    private readonly ctx: ReadContext,
    private readonly commit: Commit,
    private resume: FileCheckpoint[],
  ) {}

  async poll(): Promise<void> {
    if (this.resume.length > 0) await this.finishRotatedAway();
    const named = await statIdentity(this.path);
    const cur = this.current;
    if (cur && (!named || named.dev !== cur.id.dev || named.ino !== cur.id.ino)) {
      this.retired.push(cur);
      this.rotatedAway = cur;
      this.current = undefined;
    }
    for (const old of [...this.retired]) {
      await old.readToEnd(false);
      if (Date.now() - old.lastGrowth > RETIRE_AFTER_MS || this.ctx.signal?.aborted) await this.retire(old);
    }
    if (!named) {
      if (!this.current && this.retired.length === 0 && !this.missingNoted) {
        this.missingNoted = true;
        this.ctx.tally.warn(`${this.path}: not found; waiting for it to appear`);
      }
      return;
    }
    if (!this.current) {
      const cp = this.resume.find((c) => c.dev === named.dev && c.ino === named.ino);
      this.resume = this.resume.filter((c) => c !== cp);
      this.current = await FdReader.open(this.path, this.formats, this.ctx, this.commit, cp);
      if (!this.current) return;
      if (this.rotatedAway) this.current.continues(this.rotatedAway);
      this.rotatedAway = undefined;
      // Same inode, other first bytes: truncated in place (copytruncate) while we were stopped.
      if (cp && this.current.position.offset === 0 && cp.offset > 0) await this.readFromCopy(cp, cp);
    }
    const size = await this.current.size();
    if (size < this.current.readPos || !(await this.current.prefixUnchanged(size))) {
      await this.recoverTruncated(this.current);
      return;
    }
    await this.current.upgradeFingerprint(size);
    await this.current.readToEnd(false);
  }

  async close(): Promise<void> {
    for (const r of [...this.retired, ...(this.current ? [this.current] : [])]) await r.close();
  }

  private async retire(old: FdReader): Promise<void> {
    if (!this.ctx.signal?.aborted) await old.readToEnd(true);
    await old.close();
    this.retired = this.retired.filter((r) => r !== old);
  }

  /**
   * Checkpoints under this name whose file is no longer at the name were rotated while we were
   * stopped: finish each from its offset, found by identity among the rotated siblings.
   */
  private async finishRotatedAway(): Promise<void> {
    const named = await statIdentity(this.path);
    const pending = this.resume.filter((cp) => !named || cp.dev !== named.dev || cp.ino !== named.ino);
    this.resume = this.resume.filter((cp) => !pending.includes(cp));
    for (const cp of pending) {
      // Any name: Caddy rolls access.log to access-<time>.log, which does not start with the live name.
      const candidate = await findSibling(this.path, (p) => isSameFile(p, cp), true);
      if (!candidate) {
        // Renamed and compressed while we were stopped (logrotate's `compress` without `delaycompress`).
        const compressed = await findCompressedCopy(this.path, cp);
        if (compressed) {
          await readCompressedCopy(compressed, this.formats, this.ctx, this.commit, cp);
          continue;
        }
        this.ctx.tally.warn(`${this.path}: the file read before the restart (offset ${cp.offset}) was rotated away and not found; lines written after that offset may be missing`);
        await this.commit({ ...cp, done: true });
        continue;
      }
      // Finished as a file rotated away while running is: read before the file now at the name, which may hold the
      // last part of a line it left in parts (FdReader.continues), and retired once quiet.
      const reader = await FdReader.open(candidate, this.formats, this.ctx, this.commit, cp);
      if (reader) {
        this.retired.push(reader);
        this.rotatedAway = reader;
      }
    }
  }

  /** copytruncate: copy to a sibling, then truncate. Our unread part is in the copy, from our offset. */
  private async recoverTruncated(reader: FdReader): Promise<void> {
    await this.readFromCopy(reader.id, reader.position, reader.pending > 0 || (await reader.size()) > 0);
    await reader.close();
    this.current = await FdReader.open(this.path, this.formats, this.ctx, this.commit);
    if (this.current) await this.current.readToEnd(false);
  }

  /** Reads the copy logrotate made (first bytes = `id`'s) from `offset` to its end, if there is one. */
  private async readFromCopy(id: FileIdentity, { offset, lineNo, partsFrom }: FilePosition, warnIfMissing = true): Promise<void> {
    const copy = await findSibling(this.path, async (p) => {
      const st = await stat(p).catch(() => undefined);
      return !!st && st.size >= offset && st.size >= id.fingerprintLength && (await hashPrefix(p, id.fingerprintLength)) === id.fingerprint;
    });
    // Compressed by then: `copytruncate` with `compress` and no `delaycompress`.
    const compressed = copy ? undefined : await findCompressedCopy(this.path, id);
    if (compressed) {
      const original = { path: this.path, dev: id.dev, ino: id.ino, fingerprint: id.fingerprint, fingerprintLength: id.fingerprintLength, offset, lineNo, partsFrom };
      await readCompressedCopy(compressed, this.formats, this.ctx, this.commit, original);
    } else if (copy) {
      const cst = await stat(copy, { bigint: true });
      const cp = { path: copy, dev: cst.dev.toString(), ino: cst.ino.toString(), fingerprint: id.fingerprint, fingerprintLength: id.fingerprintLength, offset, lineNo, partsFrom };
      this.ctx.continuedIn?.(copy, id);
      const from = await FdReader.open(copy, this.formats, this.ctx, this.commit, cp);
      if (from) await this.retire(from);
    } else {
      if (warnIfMissing) this.ctx.tally.warn(`${this.path}: truncated in place and no copy found; lines written between the last read and the truncation are lost`);
      // The new text at the inode makes records of its own, none of those the old one owes.
      this.ctx.ended?.(this.path, id);
    }
  }
}

/** A file beside `path` passing `test`: among those named after it (`access.log.1`, `access.log-20261205`), or any. */
async function findSibling(path: string, test: (candidate: string) => Promise<boolean>, anyName = false): Promise<string | undefined> {
  const dir = dirname(path);
  const base = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n !== base && (anyName || n.startsWith(base))).sort()) {
    const candidate = join(dir, name);
    if (await test(candidate)) return candidate;
  }
  return undefined;
}

async function statIdentity(path: string): Promise<{ dev: string; ino: string } | undefined> {
  try {
    const st = await stat(path, { bigint: true });
    return { dev: st.dev.toString(), ino: st.ino.toString() };
  } catch {
    return undefined;
  }
}
