import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { tempCapture } from '../../test/gen/pcap/conversation';
import { malformedCapture, withImpossibleTime } from '../../test/gen/pcap/malformed-capture';
import { writeStuckHeadsCapture } from '../../test/gen/pcap/stuck-heads';
import { extractCaptures } from './extract-captures';

/**
 * The summary said `malformed 12` and nothing else: not what, not where to look. A warning now names each kind counted
 * and the packet where the first of it was (packet numbers checked in tshark: 17 is the `0200` status line, 31 the 304
 * with a body behind it, 46 the head over 64 KiB, 108 the chunked response, 123 the zeroed head, 137 tshark's
 * `[Malformed Packet]` HEADERS frame).
 */
async function malformedWarnings(paths: string[]): Promise<{ malformed: number; warnings: string[] }> {
  const r = await extractCaptures(paths, { fingerprintKey: 'k' }, () => {});
  return { malformed: r.stats.malformed, warnings: r.warnings.filter((w) => / malformed: /.test(w)) };
}

const ONE_ROUND =
  '1 MPLS or PPPoE header that does not decode (at packet 1); 1 IP header that does not decode (at packet 2); ' +
  '1 IPv6 fragment that does not decode (at packet 3); 1 TCP header under 20 bytes (at packet 4); ' +
  '1 VXLAN, GENEVE or GRE header that does not decode (at packet 5); 1 HTTP head that does not parse (at packet 17); ' +
  '1 run of bytes that start no HTTP message where one should (at packet 31); 1 HTTP head over 64 KiB (at packet 46); ' +
  '1 bad chunked-body line (at packet 108); 1 HTTP head ended by zero bytes, damage inside its record (at packet 123); ' +
  '1 h2c connection whose frames were lost track of (at packet 137)';

test('every kind counted as malformed is named, with the packet it was first seen in', async () => {
  const path = tempCapture(withImpossibleTime(malformedCapture(), 9), 'm.pcapng');
  expect(await malformedWarnings([path])).toEqual({
    malformed: 12,
    warnings: [`${path}: 12 malformed: ${ONE_ROUND.replace('(at packet 5); ', '(at packet 5); 1 packet with an impossible time, a damaged record header (at packet 9); ')}`],
  });
});

test('several of a kind are counted, the first named', async () => {
  const path = tempCapture(malformedCapture(3), 'm3.pcap');
  const { malformed, warnings } = await malformedWarnings([path]);
  expect(malformed).toBe(33);
  expect(warnings).toEqual([
    `${path}: 33 malformed: 3 MPLS or PPPoE headers that do not decode (the first at packet 1); 3 IP headers that do not decode (the first at packet 2); ` +
      '3 IPv6 fragments that do not decode (the first at packet 3); 3 TCP headers under 20 bytes (the first at packet 4); ' +
      '3 VXLAN, GENEVE or GRE headers that do not decode (the first at packet 5); 3 HTTP heads that do not parse (the first at packet 17); ' +
      '3 runs of bytes that start no HTTP message where one should (the first at packet 31); 3 HTTP heads over 64 KiB (the first at packet 46); ' +
      '3 bad chunked-body lines (the first at packet 108); 3 HTTP heads ended by zero bytes, damage inside their records (the first at packet 123); ' +
      '3 h2c connections whose frames were lost track of (the first at packet 137)',
  ]);
});

test('in a rotated series each file says its own, numbered as that file numbers its packets', async () => {
  const round = records(malformedCapture(1)).length;
  const both = malformedCapture(2);
  const recs = records(both);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-malformed-'));
  writeFileSync(join(dir, 'cut.pcap1'), Buffer.concat([both.subarray(0, 24), ...recs.slice(0, round)]));
  writeFileSync(join(dir, 'cut.pcap2'), Buffer.concat([both.subarray(0, 24), ...recs.slice(round)]));
  expect(await malformedWarnings([dir])).toEqual({
    malformed: 22,
    warnings: [`${join(dir, 'cut.pcap1')}: 11 malformed: ${ONE_ROUND}`, `${join(dir, 'cut.pcap2')}: 11 malformed: ${ONE_ROUND}`],
  });
});

test('heads past the memory for split heads: 8 200 connections stuck mid-head, 8 192 heads of 4 KiB fill 32 MiB', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-malformed-')), 'stuck.pcap');
  writeStuckHeadsCapture(path, 8200);
  // Four packets a connection, the head fourth: the 8 193rd connection's head is packet 32 772.
  expect(await malformedWarnings([path])).toEqual({ malformed: 8, warnings: [`${path}: 8 malformed: 8 HTTP heads held in pieces past the memory for them (the first at packet 32772)`] });
});

/** Classic pcap records (header and data). */
function records(capture: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= capture.length; off += 16 + capture.readUInt32LE(off + 8)) out.push(capture.subarray(off, off + 16 + capture.readUInt32LE(off + 8)));
  return out;
}
