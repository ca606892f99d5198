import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createCombinedFormat } from './combined';
import { criContents, criEnvelope } from './cri-envelope';
import { extractLogs } from './extract-logs';
import type { LineStatus } from './line-format';
import { MAX_LINE_BYTES } from './line-splitter';
import { TEST_KEY } from './test-helpers';

const ACCESS = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /users/1 HTTP/1.1" 200 5 "-" "curl/8.0"';
const T = '2024-10-10T13:55:36.123456789Z';

function readAll(lines: string[]): { statuses: LineStatus[]; records: { path?: string; line?: number }[] } {
  const format = criEnvelope(createCombinedFormat(TEST_KEY));
  const records: { path?: string; line?: number }[] = [];
  const statuses = lines.map((l, i) => format.parse(l, { file: 'c.log', line: i + 1 }, (ex) => records.push({ path: ex.path, line: ex.source?.line })));
  return { statuses, records };
}

test('the contents are sniffed when most head lines are CRI lines, parts joined per stream', () => {
  expect(criContents([`${T} stdout P ${ACCESS.slice(0, 10)}`, `${T} stderr F oops`, `${T} stdout F ${ACCESS.slice(10)}`])).toEqual(['oops', ACCESS]);
  expect(criContents([`${T} stdout F ${ACCESS}`, 'damaged', `${T} stdout F ${ACCESS}`])).toEqual([ACCESS, ACCESS]);
  expect(criContents([ACCESS, ACCESS, `${T} stdout F ${ACCESS}`])).toBeUndefined();
  expect(criContents([])).toBeUndefined();
  // Offsets instead of Z, and an empty line (no space after the tag) are CRI too.
  expect(criContents(['2024-10-10T15:55:36+02:00 stdout F x', `${T} stdout F`])).toEqual(['x', '']);
});

test('a line split in parts is parsed once whole, as the line of its first part', () => {
  const { statuses, records } = readAll([`${T} stdout P ${ACCESS.slice(0, 5)}`, `${T} stdout P ${ACCESS.slice(5, 50)}`, `${T} stdout F ${ACCESS.slice(50)}`, `${T} stdout F ${ACCESS}`]);
  expect(statuses).toEqual(['ok', 'ok', 'ok', 'ok']);
  expect(records).toEqual([{ path: '/users/1', line: 1 }, { path: '/users/1', line: 4 }]);
});

test('a stderr line that is no exchange is skipped; a stdout one is malformed; a line outside the envelope too', () => {
  expect(readAll([`${T} stderr F [error] 7#7: open() failed`, `${T} stdout F [error] 7#7`, ACCESS]).statuses).toEqual(['skip', 'invalid', 'invalid']);
  // An access log written to stderr (Caddy's default) is still read.
  expect(readAll([`${T} stderr F ${ACCESS}`]).records).toEqual([{ path: '/users/1', line: 1 }]);
});

test('parts adding up to more than the longest line are dropped as one malformed line, and the next line reads', () => {
  const part = `${T} stdout P ${'x'.repeat(MAX_LINE_BYTES / 2 + 1)}`;
  const { statuses, records } = readAll([part, part, part, `${T} stdout F tail`, `${T} stdout F ${ACCESS}`]);
  expect(statuses).toEqual(['ok', 'ok', 'ok', 'invalid', 'ok']);
  expect(records).toEqual([{ path: '/users/1', line: 5 }]);
});

test('heldLines names the first part of each line waiting for its last, per stream', () => {
  const format = criEnvelope(createCombinedFormat(TEST_KEY));
  const held: (readonly number[])[] = [];
  [`${T} stdout P ${ACCESS.slice(0, 5)}`, `${T} stderr P x`, `${T} stdout P ${ACCESS.slice(5, 9)}`, `${T} stdout F ${ACCESS.slice(9)}`, `${T} stderr F y`].forEach((l, i) => {
    format.parse(l, { file: 'c.log', line: i + 1 }, () => {});
    held.push(format.heldLines!());
  });
  expect(held).toEqual([[1], [1, 2], [1, 2], [2], []]);
});

test('extract of a rotated set: a line split across kubelet\'s rotation is one record, a part never ended one malformed line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cri-set-'));
  const other = ACCESS.replace('/users/1', '/users/2');
  writeFileSync(join(dir, '0.log.20241010-135536'), [`${T} stdout F ${ACCESS}`, `${T} stdout P ${other.slice(0, 30)}`, ''].join('\n'));
  writeFileSync(join(dir, '0.log'), [`${T} stdout F ${other.slice(30)}`, `${T} stdout F ${ACCESS}`, `${T} stdout P ${ACCESS.slice(0, 9)}`, ''].join('\n'));
  const records: Array<[string | undefined, string | undefined, number | undefined]> = [];
  const report = await extractLogs([join(dir, '0.log'), join(dir, '0.log.20241010-135536')], { fingerprintKey: TEST_KEY }, (ex) => {
    records.push([ex.path, ex.source?.file.slice(dir.length + 1), ex.source?.line]);
  });
  expect(records).toEqual([['/users/1', '0.log.20241010-135536', 1], ['/users/2', '0.log', 1], ['/users/1', '0.log', 2]]);
  expect(report.stats).toEqual({ files: 2, lines: 5, malformed: 1 });
  expect(report.warnings).toEqual([`${join(dir, '0.log')}:3: a line split in parts whose last part never came`]);
});

test('a blank line inside the envelope (empty or only spaces/tabs, a container\'s echo) is skipped, not malformed; one with content after its spaces is not blank', () => {
  const { statuses, records } = readAll([`${T} stdout F`, `${T} stdout F `, `${T} stdout F  \t `, `${T} stderr F   `, `${T} stdout P   `, `${T} stdout F \t`, `${T} stdout F   x`]);
  expect(statuses).toEqual(['skip', 'skip', 'skip', 'skip', 'ok', 'skip', 'invalid']);
  expect(records).toEqual([]);
});
