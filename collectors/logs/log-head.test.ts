import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { readLogHead } from './log-head';

const LINE = '127.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /only HTTP/1.1" 200 1 "-" "curl/8.0"';

function file(name: string, bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-head-')), name);
  writeFileSync(path, bytes);
  return path;
}

test('a whole, intact gzip log is its whole head: a last line without a newline counts, as in a plain file', async () => {
  const plain = await readLogHead(file('a.log', Buffer.from(LINE)));
  const gz = await readLogHead(file('a.log.gz', gzipSync(LINE)));
  // Plain, that line may still be being written; a whole gzip file is finished.
  expect(gz).toEqual({ ...plain, gzip: true, openLine: false });
  expect(gz).toMatchObject({ lines: [LINE], complete: true });
  expect(plain.openLine).toBe(true);
});

test('a cut gzip log is not whole: its cut last line is not taken for a line', async () => {
  const cut = gzipSync(`${LINE}\n${LINE}`);
  const head = await readLogHead(file('cut.log.gz', cut.subarray(0, cut.length - 4)));
  expect(head).toMatchObject({ gzip: true, lines: [LINE], complete: false });
});

test('a first line longer than the head (a NUL hole copytruncate left, a huge request line) does not hide the lines after it', async () => {
  const hole = await readLogHead(file('hole.log', Buffer.concat([Buffer.alloc(300_000), Buffer.from(`${LINE}\n${LINE}\n`)])));
  expect(hole).toMatchObject({ lines: [LINE, LINE], complete: false });
  const long = `${LINE.replace('/only', `/big?${'a'.repeat(300_000)}`)}`;
  expect((await readLogHead(file('long.log', Buffer.from(`${long}\n${LINE}\n${LINE}\n`)))).lines).toEqual([long, LINE, LINE]);
});

test('the head says whether its last line has no newline yet, from the bytes its lines came from', async () => {
  const head = async (text: string) => {
    const { lines, openLine } = await readLogHead(file('live.log', Buffer.from(text)));
    return { lines, openLine };
  };
  expect(await head(`${LINE}\n`)).toEqual({ lines: [LINE], openLine: false });
  expect(await head(`${LINE}\n${LINE.slice(0, 30)}`)).toEqual({ lines: [LINE, LINE.slice(0, 30)], openLine: true });
  // Blanks after the last newline are no line: the lines there are all finished.
  expect(await head(`${LINE}\n  `)).toEqual({ lines: [LINE], openLine: false });
  // Past the head (256 KiB), only lines ending in a newline are taken.
  expect(await head(`${LINE}\n${'x'.repeat(300_000)}`)).toEqual({ lines: [LINE], openLine: false });
});
