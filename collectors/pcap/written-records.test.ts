import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { WrittenRecords } from './written-records';

const record = (file: string, packet: number): Exchange => ({ ts: '2026-12-07T05:00:00.000Z', method: 'GET', host: 'api.test', path: `/p/${packet}`, source: { file, packet } });

test("another follower's records past the mark are not held, only those of captures in the follower's directories", () => {
  const written = new WrittenRecords(['capsB']);
  // A week of capsA's records into the same output while capsB's follower was stopped: until 7 Dec each was held.
  for (let n = 1; n <= 1000; n++) written.add(JSON.stringify(record('capsA/trace0.pcap', n)));
  // Its own, whether the directory was named relative or absolute.
  written.add(JSON.stringify(record('capsB/trace3.pcap', 7)));
  written.add(JSON.stringify(record(join(process.cwd(), 'capsB/trace3.pcap'), 8)));
  written.add('not a record');
  expect(written.held).toBe(2);
  expect(written.has(record('capsB/trace3.pcap', 7))).toBe(true);
  expect(written.has(record('capsB/trace3.pcap', 7))).toBe(false);
  expect(written.has(record('capsA/trace0.pcap', 1))).toBe(false);
  expect(written.skipped).toBe(1);
});
