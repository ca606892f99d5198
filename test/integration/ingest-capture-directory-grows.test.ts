import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { conversationPcap, type Turn } from '../gen/pcap/conversation';
import { runLantern } from '../run-lantern';

const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures/pcap');

test('a directory of captures pushed again after it gained a capture (or a README) counts each capture once', async () => {
  // Until 7 Dec a directory holding captures was keyed as a whole: each new file in it, a README included, made every
  // capture already there count again (the sll2 capture's GET / at 3 requests after three runs).
  const dir = mkdtempSync(join(tmpdir(), 'lantern-capdir-'));
  const captures = join(dir, 'captures');
  mkdirSync(captures);
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  const ingest = async () => {
    const r = await runLantern(['ingest', captures], env);
    expect(r.code, r.stderr).toBe(0);
    return /(\d+) applied, (\d+) already counted/.exec(r.stderr)!.slice(1).map(Number);
  };
  copyFileSync(join(FIXTURES, 'lwerdna__simple_http_sll2.pcap'), join(captures, 'a.pcap'));
  expect(await ingest()).toEqual([1, 0]);
  copyFileSync(join(FIXTURES, 'zeek__docker-http-upgrade.pcap'), join(captures, 'b.pcap'));
  expect(await ingest()).toEqual([1, 1]);
  writeFileSync(join(captures, 'README'), 'what these captures are\n');
  expect(await ingest()).toEqual([0, 2]);
  const inventory = JSON.parse((await runLantern(['inventory', '--json'], env)).stdout) as { endpoints: { host: string; method: string; path: string; requests: number }[] };
  const requests = Object.fromEntries(inventory.endpoints.map((e) => [`${e.method} ${e.host}${e.path}`, e.requests]));
  expect(requests['GET localhost:8000/']).toBe(1);
  expect(requests['HEAD 192.168.122.87:2375/_ping']).toBe(1);
  expect(Object.values(requests).every((n) => n === 1)).toBe(true);
});

test("a directory of captures counted file by file is templated over all its traffic, as one input is", async () => {
  // Three vault names a capture: literal alone, one parameter with the other capture's three. Counted file by file
  // without templates agreed first, the six stayed six literal endpoints.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-capdir-'));
  const captures = join(dir, 'captures');
  mkdirSync(captures);
  const turns = (names: string[]): Turn[] =>
    names.flatMap((n) => [
      { from: 'client' as const, data: `GET /vaults/${n} HTTP/1.1\r\nHost: t.test\r\n\r\n` },
      { from: 'server' as const, data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    ]);
  writeFileSync(join(captures, 'a.pcap'), conversationPcap(turns(['apollo-web', 'billing-core', 'checkout-ui'])));
  writeFileSync(join(captures, 'b.pcap'), conversationPcap(turns(['data-lake', 'edge-proxy', 'fraud-engine']), { clientPort: 40001 }));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  expect((await runLantern(['ingest', captures], env)).code).toBe(0);
  const inventory = JSON.parse((await runLantern(['inventory', '--json'], env)).stdout) as { endpoints: { path: string; requests: number }[] };
  expect(inventory.endpoints.map((e) => [e.path, e.requests])).toEqual([['/vaults/{vaultId}', 6]]);
});
