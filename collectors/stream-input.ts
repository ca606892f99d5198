import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipStream } from './gunzip-stream';
import { gzipCutBeforeContent } from './foreign-format';
import { gunzipPrefix, inflateWhole, sniffBytes, type InputKind } from './sniff-input';

/** What `-` names on the command line: standard input. */
export const STDIN = '-';
/** Enough of the head to sniff any input (sniff-input.ts looks at 64 KiB). */
const HEAD_BYTES = 64 << 10;

/**
 * An input read once from a stream (standard input: `tcpdump -w - | lantern extract -`): its first bytes
 * decide the reader, then the whole stream, those bytes included, goes to it. Nothing is read twice and
 * nothing needs seeking, so pipes and FIFOs work.
 */
export interface StreamInput {
  /** The name records and messages carry (`-`). */
  name: string;
  kind: Exclude<InputKind, 'directory'>;
  /** Whether the input is gzip (`stream` is already inflated). */
  gzip: boolean;
  /** The first bytes of the content: a capture's magic, a log's first lines. */
  head: Buffer;
  /** Whether `head` is the whole input. */
  complete: boolean;
  /** Whether the input is gzip cut or damaged before its first bytes of content (foreign-format.ts gzipCutBeforeContent). */
  cutGzip: boolean;
  /** The whole content from its first byte, inflated when the input is gzip; destroying it lets go of the source. */
  stream: Readable;
  /**
   * With `digest` asked for: SHA-256 of the raw bytes read so far (of the whole input once the stream has ended),
   * what a file's fingerprint is to a file. Undefined otherwise (hashing a capture costs ~0.5 CPU-s per GiB).
   */
  digest(): string | undefined;
}

/**
 * How long the head waits for more bytes once some have come: a live pipe (`tcpdump -w - |`, `tail -f … |`)
 * may send a few packets or lines and then nothing for minutes, and those must not wait for the head to fill.
 * Counted from the first bytes, not from each read: a pipe that trickles without a pause as long (a quiet log's
 * line every 100 ms) kept the head waiting until 64 KiB had come, over a minute, or the pipe's end (until 6 Dec).
 */
const HEAD_SETTLE_MS = 250;

export async function openStreamInput(name: string, source: Readable, opts: { signal?: AbortSignal; digest?: boolean } = {}): Promise<StreamInput> {
  const { signal } = opts;
  const chunks = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let length = 0;
  let ended = false;
  // A read the head stopped waiting for: the stream's next chunk, handed on to the reader.
  let pending: Promise<IteratorResult<Buffer>> | undefined;
  let settled: Promise<undefined> | undefined;
  const stop: StopClock = {};
  while (length < HEAD_BYTES && !signal?.aborted) {
    const next = chunks.next();
    // The first bytes are waited for until a stop too: until 6 Dec `extract -` on a pipe that had sent nothing yet
    // (a quiet `tcpdump -w - |`) was deaf to SIGTERM and Ctrl-C until the writer sent or ended.
    const r = length === 0 ? await untilStopped(next, signal, stop) : await Promise.race([next, (settled ??= settle(signal))]);
    if (r === undefined) {
      pending = next;
      break;
    }
    if (r.done) {
      ended = true;
      break;
    }
    const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    head.push(chunk);
    length += chunk.length;
  }
  const bytes = Buffer.concat(head);
  const kind = await sniffBytes(bytes);
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  const content = gzip ? gunzipPrefix(bytes) : bytes;
  const hash = opts.digest ? createHash('sha256') : undefined;
  async function* all(): AsyncGenerator<Buffer> {
    for (const chunk of head) {
      hash?.update(chunk);
      yield chunk;
    }
    if (ended) return;
    for (;;) {
      // A stop request ends the stream once the pipe is quiet: a writer may not send again for minutes, but one
      // stopped with us (Ctrl-C on a pipeline, a systemd stop) writes what it held first (lastWords).
      const r = await untilStopped(pending ?? chunks.next(), signal, stop);
      pending = undefined;
      if (r === undefined || r.done) return;
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      hash?.update(chunk);
      yield chunk;
    }
  }
  // Pulled one chunk at a time (no read-ahead buffer): a stream destroyed by an error throws away what it
  // buffered, so damage must surface only once the reader has taken everything before it.
  const stream = Readable.from(gzip ? gunzipStream(all()) : all(), { objectMode: false, highWaterMark: 0 });
  // However the reader finishes with it (read to the end, stopped, refused unread), the source goes too, or its
  // pending read keeps the process alive.
  stream.once('close', () => {
    source.destroy();
  });
  // Ended and intact, a gzip head is the whole content (its last line counts without a newline); 1 MiB as gunzipPrefix caps it.
  const complete = ended && (!gzip || inflateWhole(bytes, 1 << 20) !== undefined);
  // Told only from the whole input or a full head: a pipe that paused after the gzip header may inflate more later.
  const cutGzip = gzip && content.length < 4 && (ended || length >= HEAD_BYTES) && gzipCutBeforeContent(bytes);
  return { name, kind, gzip, head: content, complete, cutGzip, stream, digest: () => hash?.copy().digest('hex') };
}

/**
 * After a stop request, how long a pipe may be quiet before reading ends, and how long it is read on at most (a
 * writer that goes on sending is not waited for). `lantern mirror` and tcpdump write what they held at once when
 * stopped, then end the pipe: until 6 Dec a reader stopped with them (`mirror | push -` under Ctrl-C or a systemd
 * stop) ended at the signal, and the mirror's open flows and tcpdump's last buffer were lost.
 */
const STOP_QUIET_MS = 500;
const STOP_READ_ON_MS = 5_000;

/** When the stop request was first seen by the reader. */
interface StopClock {
  at?: number;
}

/**
 * `read`, or undefined once a stop is requested and the pipe stays quiet (lastWords). Not Promise.race with one
 * long-lived stop promise: each race would hang a reaction on it that keeps its chunk alive (a 1.1 GiB capture piped
 * in kept all of it).
 */
function untilStopped<T>(read: Promise<T>, signal: AbortSignal | undefined, stop: StopClock): Promise<T | undefined> {
  if (!signal) return read;
  if (signal.aborted) return lastWords(read, stop);
  return new Promise((resolve, reject) => {
    const stopped = () => lastWords(read, stop).then(resolve, reject);
    signal.addEventListener('abort', stopped, { once: true });
    read.then(
      (value) => {
        signal.removeEventListener('abort', stopped);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', stopped);
        reject(err);
      },
    );
  });
}

/** `read` if it comes within STOP_QUIET_MS and before STOP_READ_ON_MS have passed since the stop, else undefined. */
function lastWords<T>(read: Promise<T>, stop: StopClock): Promise<T | undefined> {
  stop.at ??= performance.now();
  const wait = Math.min(STOP_QUIET_MS, stop.at + STOP_READ_ON_MS - performance.now());
  if (wait <= 0) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), wait);
    read.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Resolves (undefined) after HEAD_SETTLE_MS, or at once on a stop request. */
function settle(signal: AbortSignal | undefined): Promise<undefined> {
  // A clock stopped long ago: no last words are waited for here, the head is what came before the stop.
  return untilStopped(new Promise<undefined>((resolve) => setTimeout(resolve, HEAD_SETTLE_MS)), signal, { at: -Infinity });
}
