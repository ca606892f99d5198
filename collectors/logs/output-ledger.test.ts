import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { forEachLinePastMark, outputMark, recordsOwed } from './output-ledger';

const root = mkdtempSync(join(tmpdir(), 'lantern-output-ledger-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const record = (file: string, n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file, line: n } })}\n`;

/** `body` with `out` opened for appending, as `>>` does, and its mark now. */
function withOutput<T>(out: string, body: (fd: number, mark: NonNullable<ReturnType<typeof outputMark>>) => T): T {
  const fd = openSync(out, 'a');
  try {
    return body(fd, outputMark(fd)!);
  } finally {
    closeSync(fd);
  }
}

test("another set's records past the mark are read a chunk at a time, never the whole gap at once", () => {
  const out = join(root, 'gap.jsonl');
  writeFileSync(out, record('/logs/b.log', 0));
  const owed = withOutput(out, (fd, mark) => {
    // capsA's follower wrote for a week while b.log's was stopped: here 8 MiB of its records, then one of b.log's.
    const week = Array.from({ length: 2000 }, (_, n) => record('/logs/a.log', n)).join('');
    for (let written = 0; written < 8 << 20; written += week.length) appendFileSync(out, week);
    appendFileSync(out, record('/logs/b.log', 1));
    const sizes: number[] = [];
    for (const alloc of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
      const real = Buffer[alloc].bind(Buffer) as (size: number) => Buffer;
      vi.spyOn(Buffer, alloc).mockImplementation(((size: number, ...rest: unknown[]) => {
        sizes.push(size);
        return (real as (...a: unknown[]) => Buffer)(size, ...rest);
      }) as never);
    }
    const n = recordsOwed(fd, mark, (file) => (file === '/logs/b.log' ? file : undefined));
    // Until 7 Dec one buffer the size of the gap (8 MiB) was allocated and split into an array of every line.
    expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(1 << 20);
    return n;
  });
  expect(owed).toEqual(new Map([['/logs/b.log', 1]]));
});

test('records split across chunks are whole, a record longer than a chunk too, and a torn last record is cut', () => {
  const out = join(root, 'chunks.jsonl');
  writeFileSync(out, 'before\n');
  const long = 'x'.repeat(50);
  const lines: string[] = [];
  withOutput(out, (fd, mark) => {
    appendFileSync(out, `a\nbcdefgh\n\n${long}\nij\ntorn`);
    forEachLinePastMark(fd, mark, (line) => lines.push(line), 4);
  });
  expect(lines).toEqual(['a', 'bcdefgh', '', long, 'ij']);
  expect(readFileSync(out, 'utf8')).toBe(`before\na\nbcdefgh\n\n${long}\nij\n`);
});

test('a multi-byte character split between chunks is read whole', () => {
  const out = join(root, 'utf8.jsonl');
  writeFileSync(out, '');
  const lines: string[] = [];
  withOutput(out, (fd, mark) => {
    appendFileSync(out, 'é€😀\nok\n');
    forEachLinePastMark(fd, mark, (line) => lines.push(line), 3);
  });
  expect(lines).toEqual(['é€😀', 'ok']);
});
