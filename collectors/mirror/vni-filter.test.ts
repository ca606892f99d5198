import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { replayAsVxlan } from '../../test/gen/pcap/vxlan-replay';
import { SHARED_FIXTURES } from '../../test/require';
import { extractCaptures } from '../pcap/extract-captures';
import { datagramVni, parseVniList } from './vni-filter';
import { runVxlanMirror } from './vxlan-listener';

test('--vni lists: decimal VNIs up to 24 bits, the bad entry named', () => {
  expect(parseVniList('100')).toEqual([100]);
  expect(parseVniList('0, 4242,16777215')).toEqual([0, 4242, 16777215]);
  expect(parseVniList('16777216')).toEqual({ error: "--vni: '16777216' is not a VNI (0-16777215)" });
  expect(parseVniList('1,x')).toEqual({ error: "--vni: 'x' is not a VNI (0-16777215)" });
  expect(parseVniList('')).toEqual({ error: "--vni: '' is not a VNI (0-16777215)" });
  expect(datagramVni(Buffer.from([0x08, 0, 0, 0, 0x01, 0x02, 0x03, 0]))).toBe(0x010203);
  expect(datagramVni(Buffer.from([0x08, 0, 0, 0, 1, 2, 3]))).toBe(-1);
});

/** The same capture replayed as two mirror sessions: only the listed VNI's session becomes exchanges. */
test('a mirror with --vni decodes its sessions and counts the others', async () => {
  const file = join(SHARED_FIXTURES, 'pcap', 'zeek__pipelined-requests.pcap');
  const expected: Exchange[] = [];
  await extractCaptures([file], { fingerprintKey: 'k' }, (e) => expected.push(e));
  expect(expected.length).toBeGreaterThan(0);

  const controller = new AbortController();
  const got: Exchange[] = [];
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const done = runVxlanMirror(
    { listen: 'udp://127.0.0.1:0', fingerprintKey: 'k', signal: controller.signal, vnis: [7, 4242], onListening: (a) => listening(Number(a.split(':').pop())) },
    (e) => got.push(e),
  );
  const p = await port;
  const ignored = await replayAsVxlan(file, '127.0.0.1', p, 99);
  const decoded = await replayAsVxlan(file, '127.0.0.1', p, 4242);
  await new Promise((r) => setTimeout(r, 500));
  controller.abort();
  const report = await done;
  expect(report.errors).toEqual([]);
  expect(report.stats.otherVni).toBe(ignored);
  expect(report.stats.packets).toBe(decoded);
  expect(got.map((e) => `${e.method} ${e.host} ${e.path} ${e.status}`)).toEqual(expected.map((e) => `${e.method} ${e.host} ${e.path} ${e.status}`));
});
