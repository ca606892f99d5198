import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { constants, gunzipSync, gzip, gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { openStreamInput } from './stream-input';

const PCAP_HEADER = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');

test('a live pipe that sends a little and goes quiet is sniffed from what came, without waiting for more', async () => {
  const pipe = new PassThrough();
  pipe.write(PCAP_HEADER);
  // The pipe stays open: waiting for 64 KiB or its end would never return (the test timeout would say so).
  const input = await openStreamInput('-', pipe);
  expect(input).toMatchObject({ kind: 'capture', gzip: false, complete: false });
  expect(input.head.subarray(0, 4)).toEqual(PCAP_HEADER.subarray(0, 4));
  const got: Buffer[] = [];
  const reading = (async () => {
    for await (const c of input.stream) got.push(c as Buffer);
  })();
  pipe.write(Buffer.from('later'));
  pipe.end();
  await reading;
  expect(Buffer.concat(got)).toEqual(Buffer.concat([PCAP_HEADER, Buffer.from('later')]));
});

test('gzip is looked through for the kind; the stream hands out the content, all of it, and the digest is of the bytes read', async () => {
  const log = '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "x"\n'.repeat(2000);
  const gz = gzipSync(log);
  const input = await openStreamInput('-', Readable.from([gz.subarray(0, 100), gz.subarray(100)]), { digest: true });
  expect(input).toMatchObject({ kind: 'log', gzip: true });
  expect(input.head.toString('utf8').startsWith('10.0.0.1 - - [')).toBe(true);
  const got: Buffer[] = [];
  for await (const c of input.stream) got.push(c as Buffer);
  expect(Buffer.concat(got)).toEqual(Buffer.from(log));
  expect(input.digest()).toBe(createHash('sha256').update(gz).digest('hex'));
  // Not asked for, nothing is hashed.
  expect((await openStreamInput('-', Readable.from([gz]))).digest()).toBeUndefined();
});

test('a stop request ends the stream once the pipe is quiet, and lets go of the source', async () => {
  const pipe = new PassThrough();
  pipe.write(PCAP_HEADER);
  const stop = new AbortController();
  const input = await openStreamInput('-', pipe, { signal: stop.signal });
  const reading = (async () => {
    let n = 0;
    for await (const c of input.stream) n += (c as Buffer).length;
    return n;
  })();
  setTimeout(() => stop.abort(), 50);
  expect(await reading).toBe(PCAP_HEADER.length);
  await new Promise((r) => setImmediate(r));
  expect(pipe.destroyed).toBe(true);
});

test('a stop request still reads what the writer, stopped too, sends as it stops (a mirror\'s open flows)', async () => {
  const pipe = new PassThrough();
  pipe.write(PCAP_HEADER);
  const stop = new AbortController();
  const input = await openStreamInput('-', pipe, { signal: stop.signal });
  const reading = (async () => {
    let n = 0;
    for await (const c of input.stream) n += (c as Buffer).length;
    return n;
  })();
  await new Promise((r) => setTimeout(r, 50));
  stop.abort();
  // Before: the stream ended at the stop, and this was lost.
  await new Promise((r) => setTimeout(r, 50));
  pipe.write(Buffer.alloc(100));
  expect(await reading).toBe(PCAP_HEADER.length + 100);
});

test('memory stays flat however much flows through (each chunk is let go once read)', async () => {
  // 512 MiB in 1 MiB chunks, with a stop signal attached (a Promise.race per chunk against one stop promise
  // kept every chunk alive: a 1.1 GiB capture piped in reached 1.27 GB of RSS).
  const CHUNKS = 512;
  async function* source() {
    for (let i = 0; i < CHUNKS; i++) yield Buffer.alloc(1 << 20, i & 0xff);
  }
  const input = await openStreamInput('-', Readable.from(source()), { signal: new AbortController().signal });
  let most = 0;
  let bytes = 0;
  for await (const c of input.stream) {
    bytes += (c as Buffer).length;
    most = Math.max(most, process.memoryUsage().arrayBuffers);
  }
  expect(bytes).toBe(CHUNKS << 20);
  expect(most).toBeLessThan(256 << 20);
}, 60_000);

/** Reads a stream input to its end or its error: what came, and why it stopped. */
async function readAll(input: { stream: AsyncIterable<unknown> }): Promise<{ text: string; error?: string }> {
  const got: Buffer[] = [];
  try {
    for await (const c of input.stream) got.push(c as Buffer);
  } catch (err) {
    return { text: Buffer.concat(got).toString(), error: (err as Error).message };
  }
  return { text: Buffer.concat(got).toString() };
}

/**
 * What the CLI does before it reads: loads the reader's module (the gzip data may fail meanwhile). Then an
 * inflate of our own through zlib's thread pool, so the input's has surely run.
 */
const readerLoading = async () => {
  await import('./logs/extract-logs');
  await promisify(gzip)(Buffer.alloc(1 << 20));
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

const logLine = (p: string) => `127.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET ${p} HTTP/1.1" 200 1 "-" "curl/8.0"\n`;

test('a small cut gzip: what inflates is handed out, then the damage, and nothing crashes while the reader loads', async () => {
  const text = Array.from({ length: 40 }, (_, i) => logLine(`/m${i}`)).join('');
  const cut = gzipSync(text).subarray(0, 200);
  const input = await openStreamInput('-', Readable.from([cut]));
  await readerLoading();
  const got = await readAll(input);
  expect(got.error).toBe('unexpected end of file');
  expect(got.text).toBe(gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString());
  expect(got.text.length).toBeGreaterThan(logLine('/m0').length);
  expect(text.startsWith(got.text)).toBe(true);
});

test('bytes after a gzip member that are not gzip: every line of the member is handed out, then the damage (zcat stops there too)', async () => {
  const member = Buffer.from(
    // `gzip -n` of lines /ma1 to /ma3: its last bytes decode lines 2 and 3, in the same write as the garbage.
    '1f8b0800000000000003333432d733004243055d208c3634d0f74f2ed137323032b63234b63235b5323653d036008258052577d71005fddc4443058f9090007d433d432505230303054305255d2505a5e4d2a21c7d0b3d03252e43d2cd34a28199c684cc040025ae6cecfc000000',
    'hex',
  );
  const bytes = Buffer.concat([member, Buffer.from('garbagegarbage'), gzipSync(logLine('/mb1'))]);
  const input = await openStreamInput('-', Readable.from([bytes]));
  expect(input).toMatchObject({ kind: 'log', gzip: true });
  expect(input.head.toString()).toBe(logLine('/ma1') + logLine('/ma2') + logLine('/ma3'));
  await readerLoading();
  expect(await readAll(input)).toEqual({ text: logLine('/ma1') + logLine('/ma2') + logLine('/ma3'), error: 'incorrect header check' });
});

test('a gzip input that ended intact is whole (its last line counts without a newline); a cut one is not', async () => {
  const gz = gzipSync(logLine('/only').trimEnd());
  expect(await openStreamInput('-', Readable.from([gz]))).toMatchObject({ gzip: true, complete: true });
  expect(await openStreamInput('-', Readable.from([gz.subarray(0, gz.length - 4)]))).toMatchObject({ gzip: true, complete: false });
});

test('a pipe that trickles steadily (a line every 100 ms, never a pause) is sniffed from its first bytes, not after 64 KiB or its end', async () => {
  const pipe = new PassThrough();
  const line = '10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 9 "-" "curl/8"\n';
  pipe.write(line);
  const trickle = setInterval(() => pipe.write(line), 100);
  // Four seconds of trickle, then the end. Before: the head waited for a 250 ms pause that never came, so nothing was
  // read until 64 KiB had come (650 such lines: over a minute) or the pipe ended.
  const ending = setTimeout(() => {
    clearInterval(trickle);
    pipe.end();
  }, 4000);
  try {
    const input = await openStreamInput('-', pipe);
    expect(input.complete).toBe(false);
    expect(input.head.length).toBeLessThan(64 * 1024);
    input.stream.resume();
  } finally {
    clearInterval(trickle);
    clearTimeout(ending);
    pipe.end();
  }
});
