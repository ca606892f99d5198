import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { extractCaptures } from './extract-captures';

const dir = mkdtempSync(join(tmpdir(), 'lantern-reorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Records without what reordering legitimately moves: the request's first packet, and times. */
async function extract(reorderRate: number): Promise<{ records: string[]; gaps: number }> {
  const file = join(dir, `api-${reorderRate}.pcap`);
  // The generator draws the same random numbers at any reorder rate: the same traffic, only segment order differs.
  writeFileSync(file, apiCaptureBuffer({ seed: 11, exchanges: 1500, connections: 24, retransmitRate: 0.01, reorderRate }).capture);
  const records: string[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'k' }, (ex) => {
    const { source: _s, ts: _t, latencyMs: _l, ...rest } = ex;
    records.push(JSON.stringify(rest));
  });
  return { records: records.sort(), gaps: report.stats.gaps };
}

test('a capture whose segments were reordered around the ACKs for them (nothing lost) gives the records of the ordered one, no gaps', async () => {
  // The generator's receiver acknowledges a swapped segment before its predecessor is captured, as a tap that
  // merges the two directions shows it; that was a capture gap and the late bytes were dropped as retransmissions.
  const ordered = await extract(0);
  const reordered = await extract(0.05);
  expect(ordered.gaps).toBe(0);
  expect(reordered.gaps).toBe(0);
  expect(reordered.records).toEqual(ordered.records);
});
