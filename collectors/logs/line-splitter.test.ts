import { expect, test } from 'vitest';
import { LineSplitter, MAX_LINE_BYTES } from './line-splitter';

function collect() {
  const lines: Array<[string, number]> = [];
  const oversize: number[] = [];
  const s = new LineSplitter((t, n) => lines.push([t, n]), (n) => oversize.push(n));
  return { s, lines, oversize };
}

test('joins lines split across chunks, strips CR, counts offsets through the last newline', () => {
  const { s, lines } = collect();
  s.push(Buffer.from('ab'));
  s.push(Buffer.from('c\r\nde'));
  expect(lines).toEqual([['abc', 1]]);
  expect(s.offset).toBe(5);
  expect(s.pending).toBe(2);
  s.push(Buffer.from('f\n\nxyz'));
  expect(lines).toEqual([['abc', 1], ['def', 2]]);
  expect(s.offset).toBe(10);
  expect(s.lineNo).toBe(3);
  s.finish();
  expect(lines).toEqual([['abc', 1], ['def', 2], ['xyz', 4]]);
  expect(s.offset).toBe(13);
});

test('a multi-byte character split across chunks survives', () => {
  const { s, lines } = collect();
  const bytes = Buffer.from('/caf\u00e9\n');
  s.push(bytes.subarray(0, 5));
  s.push(bytes.subarray(5));
  expect(lines).toEqual([['/caf\u00e9', 1]]);
});

test('a line over the cap is reported and skipped without buffering it', () => {
  const { s, lines, oversize } = collect();
  s.push(Buffer.from('ok\n'));
  s.push(Buffer.alloc(MAX_LINE_BYTES + 10, 0x41));
  expect(s.pending).toBe(0);
  s.push(Buffer.from('AAA\nnext\n'));
  expect(oversize).toEqual([2]);
  expect(lines).toEqual([['ok', 1], ['next', 3]]);
  expect(s.offset).toBe(3 + MAX_LINE_BYTES + 10 + 9);
});

test('resumes numbering and offsets from a checkpoint', () => {
  const lines: Array<[string, number]> = [];
  const s = new LineSplitter((t, n) => lines.push([t, n]), () => {}, { offset: 100, lineNo: 7 });
  s.push(Buffer.from('x\n'));
  expect(lines).toEqual([['x', 8]]);
  expect(s.offset).toBe(102);
});

test('a run of NUL bytes before a line (the hole copytruncate leaves when the writer lacks O_APPEND) is not part of it', () => {
  const { s, lines } = collect();
  s.push(Buffer.concat([Buffer.alloc(300_000), Buffer.from('first\n'), Buffer.alloc(10), Buffer.from('second\nthird\n')]));
  expect(lines).toEqual([['first', 1], ['second', 2], ['third', 3]]);
  expect(s.offset).toBe(300_000 + 6 + 10 + 13);
});

test("a UTF-8 byte order mark is dropped from the file's first line only", () => {
  const { s, lines } = collect();
  s.push(Buffer.from('\ufeffone\n\ufefftwo\n'));
  expect(lines).toEqual([['one', 1], ['\ufefftwo', 2]]);
  // Resumed past the start, the first line read is not the file's.
  const resumed: string[] = [];
  new LineSplitter((t) => resumed.push(t), () => {}, { offset: 10, lineNo: 1 }).push(Buffer.from('\ufeffx\n'));
  expect(resumed).toEqual(['\ufeffx']);
});

test('lineStart is the byte offset of the line being handed out, across chunks, UTF-8 and the last line', () => {
  const starts: Array<[string, number]> = [];
  const s: LineSplitter = new LineSplitter((t) => starts.push([t, s.lineStart]), () => {}, { offset: 100, lineNo: 0 });
  s.push(Buffer.from('ab\n\u00e9\u00e9\ncd\nef'));
  s.push(Buffer.from('g\n\nhi\r\nj'));
  s.finish();
  expect(starts).toEqual([['ab', 100], ['\u00e9\u00e9', 103], ['cd', 108], ['efg', 111], ['hi', 116], ['j', 120]]);
});

test('a line of only spaces and tabs is blank as an empty one is: not handed out, still numbered and counted in the offset', () => {
  const { s, lines } = collect();
  s.push(Buffer.from('a\n   \n\t\r\n \t \nb\n  c\n\t'));
  s.finish();
  // ' c' has content after its spaces: not blank.
  expect(lines).toEqual([['a', 1], ['b', 5], ['  c', 6]]);
  expect(s.lineNo).toBe(7);
  expect(s.offset).toBe(20);
});

test('a blank line is skipped on the byte lane path too (the lane declines it)', () => {
  const lines: Array<[string, number]> = [];
  const s = new LineSplitter((t, n) => lines.push([t, n]), () => {}, undefined, () => -1);
  s.push(Buffer.from('x\n \t \n\t\ny \n'));
  expect(lines).toEqual([['x', 1], ['y ', 4]]);
});
