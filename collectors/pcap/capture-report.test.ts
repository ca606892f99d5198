import { expect, test } from 'vitest';
import { captureReport } from './capture-report';

test('damaged stretches are said one by one up to three; the rest in one line with their bytes', () => {
  const skip = (i: number) => ({ afterPacket: 10 * i, problem: `packet ${10 * i + 1}: record header is all zeros`, bytes: 100 + i });
  const run = (n: number) => captureReport('c.pcap', { outcome: { status: 'ok', packets: 500, bytes: 1, format: 'pcap', skipped: Array.from({ length: n }, (_, i) => skip(i + 1)) }, stats: {}, exchanges: 7 });
  expect(run(3).warnings).toEqual([1, 2, 3].map((i) => `c.pcap: packet ${10 * i + 1}: record header is all zeros; ${100 + i} damaged bytes skipped, reading went on at the next intact record`));
  const many = run(40).warnings;
  expect(many).toHaveLength(4);
  expect(many[3]).toBe(`c.pcap: 37 more damaged stretches skipped (${Array.from({ length: 37 }, (_, i) => 104 + i).reduce((a, b) => a + b)} bytes), the last after packet 400`);
});
