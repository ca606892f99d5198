import fc from 'fast-check';
import { expect, test } from 'vitest';
import { countMalformed, describeMalformed, MALFORMED_KINDS, mergeMalformed, type MalformedKind, type MalformedTally } from './malformed-tally';

const kinds = Object.keys(MALFORMED_KINDS) as MalformedKind[];
const at = (packet: number) => ({ file: 'a.pcap', packet });

test('counts add up and the first is the lowest packet, whatever the order they are counted in', () => {
  const t: MalformedTally = {};
  countMalformed(t, 'httpHead', 1, 90, at);
  countMalformed(t, 'httpHead', 2, 40, at);
  countMalformed(t, 'httpHead', 1, 70, at);
  countMalformed(t, 'tcpHeader', 1, 5);
  expect(t).toEqual({ httpHead: { count: 4, first: 40, at: at(40) }, tcpHeader: { count: 1, first: 5, at: undefined } });
});

test('merging the tallies of any split into shards gives the tally of the whole (counts summed, the earliest first)', () => {
  const event = fc.record({ kind: fc.constantFrom(...kinds), packet: fc.integer({ min: 1, max: 500 }), shard: fc.integer({ min: 0, max: 2 }) });
  fc.assert(
    fc.property(fc.array(event, { maxLength: 60 }), (events) => {
      const whole: MalformedTally = {};
      const shards: MalformedTally[] = [{}, {}, {}];
      for (const e of events) {
        countMalformed(whole, e.kind, 1, e.packet, at);
        countMalformed(shards[e.shard], e.kind, 1, e.packet, at);
      }
      const merged = shards.reduce<MalformedTally>((all, t) => mergeMalformed(all, t), {});
      expect(merged).toEqual(whole);
      // Merging never changes what it merges (a shard's report is read once, but a run's is merged again at the flush).
      expect(mergeMalformed(whole, undefined)).toEqual(whole);
    }),
    { seed: 7, numRuns: 500 },
  );
});

test('said most first, then in capture order; one as one; a first in an earlier file of the series names that file', () => {
  const t: MalformedTally = {
    strayBytes: { count: 3, first: 90210, at: at(90210) },
    httpHead: { count: 9, first: 4411, at: { file: 'a.pcap0', packet: 4411 } },
    tcpHeader: { count: 1, first: 7, at: at(7) },
    chunkLine: { count: 3, first: 12, at: at(12) },
  };
  expect(describeMalformed(t, 'a.pcap')).toBe(
    '9 HTTP heads that do not parse (the first at packet 4411 of a.pcap0); 3 bad chunked-body lines (the first at packet 12); ' +
      '3 runs of bytes that start no HTTP message where one should (the first at packet 90210); 1 TCP header under 20 bytes (at packet 7)',
  );
});
