import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import type { ExtractReport } from '../../collectors/extract-types';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { SHARED_FIXTURES } from '../require';

/**
 * Captures joined end to end (`cat a.pcap b.pcap`, or `cat a.pcap.gz b.pcap.gz`: two gzip members) are read as
 * sections, each with its own byte order, precision and link type: the second file's global header is not damage.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-concat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const first = join(SHARED_FIXTURES, 'pcap', 'zeek__http-methods.pcap');
// Linux cooked v2 with nanosecond timestamps, three years before the first file: another link type and precision.
const second = join(dir, 'sll2-ns.pcap');
execFileSync('editcap', ['-F', 'nsecpcap', join(SHARED_FIXTURES, 'pcap', 'lwerdna__simple_http_sll2.pcap'), second]);
const pipelined = join(SHARED_FIXTURES, 'pcap', 'zeek__pipelined-requests.pcap');

async function run(file: string, workers = 1): Promise<{ lines: string[]; records: string[]; report: ExtractReport; file: string }> {
  const lines: string[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'concat-test', workers, shardMinBytes: 0, bodyAnalysis: 'all', emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  const records = lines.map((l) => {
    const e = JSON.parse(l);
    return `${e.ts} ${e.method} ${e.host}${e.path} ${e.status} ${e.responseBytes}`;
  });
  return { lines, records: records.sort(), report, file };
}

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

test('cat of three captures (other link type and precision in the middle) gives each one’s records and packets, no damage', async () => {
  const parts = [first, second, pipelined];
  const alone = await Promise.all(parts.map((p) => run(p)));
  const joined = await run(write('joined.pcap', Buffer.concat(parts.map((p) => readFileSync(p)))));
  // No damage said: the http-methods capture's malformed request lines are said as they are when it is read alone.
  expect(joined.report.warnings.filter((w) => !w.includes('capture gaps'))).toEqual([`${joined.file}: 23 malformed: 23 HTTP heads that do not parse (the first at packet 14)`]);
  expect(joined.report.stats.packets).toBe(alone.reduce((n, r) => n + r.report.stats.packets, 0));
  expect(joined.records).toEqual(alone.flatMap((r) => r.records).sort());
  expect(joined.records.length).toBeGreaterThan(30);
});

test('cat a.pcap.gz b.pcap.gz (two gzip members) reads both captures whole', async () => {
  const a = readFileSync(pipelined);
  const b = readFileSync(first);
  const plain = await run(write('plain.pcap', Buffer.concat([a, b])));
  const gz = await run(write('members.pcap.gz', Buffer.concat([gzipSync(a), gzipSync(b)])));
  expect(gz.report.warnings).toEqual(plain.report.warnings.map((w) => w.replace(plain.file, gz.file)));
  expect(gz.report.stats.packets).toBe(655 + 49);
  expect(gz.records).toEqual(plain.records);
  expect(gz.records).toEqual([...(await run(pipelined)).records, ...(await run(first)).records].sort());
});

test('two workers give what one thread gives for joined captures', async () => {
  const file = write('sharded.pcap', Buffer.concat([first, second, pipelined].map((p) => readFileSync(p))));
  const one = await run(file, 1);
  const two = await run(file, 2);
  expect(one.report.warnings.filter((w) => !w.includes('capture gaps'))).toEqual([`${file}: 23 malformed: 23 HTTP heads that do not parse (the first at packet 14)`]);
  expect(two.lines).toEqual(one.lines);
  expect(two.report).toEqual(one.report);
});

test('a damaged record that starts like a global header (magic, version 2.4) is still damage, passed over as before', async () => {
  const bytes = readFileSync(pipelined);
  // The 11th record: magic and version written over its time; the records after it are intact.
  let off = 24;
  for (let i = 0; i < 10; i++) off += 16 + bytes.readUInt32LE(off + 8);
  const recordBytes = 16 + bytes.readUInt32LE(off + 8);
  Buffer.from('d4c3b2a102000400', 'hex').copy(bytes, off);
  const r = await run(write('magic-damage.pcap', bytes));
  expect(r.report.warnings.filter((w) => !w.includes('capture gaps'))).toEqual([expect.stringMatching(new RegExp(`packet 11: record time jumps \\d+ days; ${recordBytes} damaged bytes skipped`))]);
  expect(r.report.stats.packets).toBe(48);
});
