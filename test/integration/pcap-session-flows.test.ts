import { join } from 'node:path';
import { expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import type { Exchange } from '../../lib/exchange';
import { tempCapture } from '../gen/pcap/conversation';
import { perDirectionPayloads, tunnelPcap, twoTenantsPcap, type Tunnel } from '../gen/pcap/tenant-traffic';
import { SHARED_FIXTURES } from '../require';

/**
 * GRE keys and ERSPAN session ids name mirror sessions as VNIs name tenants' networks: two sessions whose inner
 * packets share addresses, ports and sequence numbers, interleaved, are two flows, each request found once with
 * its own response. They were one flow (`flows 1`, `retransmitted 2`), the second session's request lost.
 */
const summary = (e: Exchange) => `${e.method} ${e.path} ${e.status} ${e.src} ${e.dst}`;

async function extract(file: string, workers: number) {
  const lines: string[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'k', workers, shardMinBytes: 0, emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  return { records: lines.map((l) => summary(JSON.parse(l))).sort(), stats: report.stats };
}

test.each([
  ['gre', [1, 2], 'key', 1],
  ['gre', [1, 2], 'key', 2],
  // Keys that differ only in the top bit (the id of key 2^31 is past a small integer: still exact).
  ['gre', [0, 0x80000000], 'key', 1],
  ['erspan2', [1, 2], 'session', 1],
  ['erspan2', [1, 2], 'session', 2],
  ['erspan3', [1, 2], 'session', 1],
  ['erspan3', [1, 2], 'session', 2],
] as [Tunnel, [number, number], string, number][])('a %s capture keeps two sessions\' flows apart (ids %j, %s, %d workers)', async (tunnel, ids, label, workers) => {
  const { records, stats } = await extract(tempCapture(twoTenantsPcap(tunnel, ids, label)), workers);
  expect(records).toEqual(ids.map((id) => `GET /from-${label}-${id} 200 10.0.0.1:40000 10.0.0.2:80`).sort());
  expect(stats).toMatchObject({ flows: 2, retransmitted: 0 });
});

test.each([
  ['gre', 7, 7, 1],
  ['erspan2', 7, 7, 1],
  ['erspan3', 7, 7, 2],
  // A source that tunnels each direction under its own id (Linux ikey/okey, the Cisco source of zeek__erspan.pcap).
  ['gre', 0, 0x02000000, 1],
  ['gre', 0, 0x02000000, 2],
  ['gre', 0x80000001, 5, 1],
  ['erspan2', 1, 2, 1],
  ['erspan3', 3, 4, 2],
] as [Tunnel, number, number, number][])('one %s session is one flow with its response (client id %d, server id %d, %d workers)', async (tunnel, fromClient, fromServer, workers) => {
  const { records, stats } = await extract(tempCapture(tunnelPcap(tunnel, perDirectionPayloads(tunnel, fromClient, fromServer))), workers);
  expect(records).toEqual(['GET /one-session 200 10.0.0.1:40000 10.0.0.2:80']);
  expect(stats).toMatchObject({ flows: 1, retransmitted: 0, unpairedResponses: 0 });
});

test('the shared Cisco GRE capture, keyed per direction, keeps every response it had', async () => {
  // tshark's parity test compares requests only: keying the flows by GRE key without pairing the halves left all
  // 22 requests there, and every one of the 17 responses unpaired.
  const { records, stats } = await extract(join(SHARED_FIXTURES, 'pcap', 'zeek__erspan.pcap'), 1);
  expect(records.filter((r) => !r.includes(' undefined '))).toHaveLength(17);
  expect(records).toHaveLength(22);
  expect(stats).toMatchObject({ flows: 5, unpairedResponses: 0 });
});
