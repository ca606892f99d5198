import { createHash } from 'node:crypto';

/**
 * What `push` and `ingest` ask of the file readers: the SHA-256 of a file's bytes as they are on disk (a `.gz` still
 * compressed), taken as the reader reads them, for a file read whole from its first byte and of at most `maxBytes`. It
 * keys the file as the same bytes through a pipe are keyed (input-fingerprint.ts contentKey), as standard input's
 * reader does with its own hash (stream-input.ts). Until 7 Dec each log file pushed was read a second time for it.
 */
export interface ContentDigestRequest {
  maxBytes: number;
  done: (path: string, sha256: string) => void;
}

/** One file's digest as it is read; said by `finish` unless given up (damage read around, a stop) or over the limit. */
export class ContentDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private given = false;

  private constructor(private readonly request: ContentDigestRequest, private readonly path: string) {}

  /** None when none was asked for. */
  static start(request: ContentDigestRequest | undefined, path: string): ContentDigest | undefined {
    return request && new ContentDigest(request, path);
  }

  update(chunk: Buffer): void {
    if (this.given) return;
    this.bytes += chunk.length;
    // Past the limit the file has no content key (input-fingerprint.ts): hashing on would cost for nothing.
    if (this.bytes > this.request.maxBytes) this.given = true;
    else this.hash.update(chunk);
  }

  /** The bytes read are not the file's, in order, once each (a damaged gzip member skipped, a read cut short). */
  giveUp(): void {
    this.given = true;
  }

  finish(): void {
    if (!this.given) this.request.done(this.path, this.hash.digest('hex'));
    this.given = true;
  }
}
