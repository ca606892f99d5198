import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const CAPTURE = join(import.meta.dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');

test("a path that cannot be read is said in words by every reader (extract, --follow, discover's --override, mirror's --listen), exit 2", async () => {
  // Before: Node's bare code, `ENOTDIR`, `EIO`, `EISDIR` or `EADDRNOTAVAIL`, where a missing file was already worded.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-file-problems-'));
  const pcap = join(dir, 'a.pcap');
  copyFileSync(CAPTURE, pcap);
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data') };
  const errors = async (...args: string[]) => {
    const r = await runLantern(args, env);
    return [r.code, r.stderr.split('\n').filter((line) => line.startsWith('error: ') || line.startsWith(dir))];
  };
  const underFile = join(pcap, 'x.log');
  expect(await errors('extract', underFile, '/proc/self/mem')).toEqual([
    2,
    [`error: ${underFile}: not a directory (a part of the path is a file)`, 'error: /proc/self/mem: input/output error'],
  ]);
  expect(await errors('extract', '--follow', underFile)).toEqual([2, [`error: ${underFile}: not a directory (a part of the path is a file)`]]);
  expect(await errors('discover', pcap, '--override', dir)).toEqual([2, [`${dir}: cannot be read (is a directory)`]]);
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it.
  expect(await errors('mirror', '--listen', 'udp://192.0.2.1:4789')).toEqual([2, ['error: udp://192.0.2.1:4789: address not available on this host']]);
  // Before: "error: udp://no-such-host.invalid:4789: ENOTFOUND". `.invalid` never resolves (RFC 6761); without a
  // reachable DNS server the resolver says it cannot tell yet.
  const [code, said] = await errors('mirror', '--listen', 'udp://no-such-host.invalid:4789');
  expect([code, said]).toEqual([2, [expect.stringMatching(/^error: udp:\/\/no-such-host\.invalid:4789: (no such host \(the name does not resolve\)|the host name cannot be resolved now \(no DNS server answered\))$/)]]);
});

test('a .pcap whose magic number is damaged is said to be no capture, not a log of no known format: exit 2', async () => {
  // Before: "no known log format fits its first 3 lines (tried: …); use --format, --nginx-format or --apache-format".
  const dir = mkdtempSync(join(tmpdir(), 'lantern-bad-magic-'));
  const pcap = join(dir, 'trace.pcap');
  const bytes = readFileSync(CAPTURE);
  bytes.writeUInt32BE(0xdeadbeef, 0);
  writeFileSync(pcap, bytes);
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const r = await runLantern(['extract', pcap], { ...rest, LANTERN_DATA_DIR: join(dir, 'data') });
  expect([r.code, r.stdout, r.stderr.split('\n').filter((line) => line.startsWith('error: '))]).toEqual([
    2,
    '',
    [`error: ${pcap}: not a pcap or pcapng capture, as its name says: it begins 0xdeadbeef, where a capture has its magic number (pcap a1b2c3d4 or d4c3b2a1, nanosecond pcap a1b23c4d or 4d3cb2a1, pcapng 0a0d0d0a)`],
  ]);
});

test('mirror --listen that is no udp://HOST:PORT is a usage error said before anything runs (exit 2)', async () => {
  // Before: "lantern: exchanges 0, elapsed 0.00s" then "error: tcp://127.0.0.1:4789: expected udp://host:port".
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'lantern-listen-')), 'data') };
  for (const listen of ['tcp://127.0.0.1:4789', 'udp://127.0.0.1', 'udp://127.0.0.1:70000']) {
    const r = await runLantern(['mirror', '--listen', listen], env);
    expect([r.code, r.stdout, r.stderr], listen).toEqual([2, '', `lantern mirror: --listen: '${listen}' is not udp://HOST:PORT (e.g. udp://0.0.0.0:4789, udp://[::]:4789)\n`]);
  }
});

test("a directory's file that cannot be read is said, exit 2, by extract and ingest, the others still read", async () => {
  // Before: passed over without a word, exit 0: a log the service user may not read (nginx's access.log is root:adm
  // 0640) was simply missing from the inventory. As root, a symlink loop is the file nobody can read.
  const dir = mkdtempSync(join(tmpdir(), 'lantern-unreadable-in-dir-'));
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'a.log'), '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET /v1/items HTTP/1.1" 200 12 "-" "curl/8"\n');
  symlinkSync('loop.log', join(logs, 'loop.log'));
  const expected = [`error: ${join(logs, 'loop.log')}: too many levels of symbolic links`];
  if (process.getuid?.() !== 0) {
    writeFileSync(join(logs, 'b.log'), '10.0.0.2 - - [04/Dec/2026:10:02:00 +0000] "GET /v1/other HTTP/1.1" 200 12 "-" "curl/8"\n', { mode: 0o000 });
    expected.unshift(`error: ${join(logs, 'b.log')}: permission denied`);
  }
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(dir, 'data'), DATABASE_URL: `file:${join(dir, 'data/lantern.db')}` };
  const extract = await runLantern(['extract', logs], env);
  expect([extract.code, extract.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { path: string }).path), extract.stderr.split('\n').filter((l) => l.startsWith('error: '))]).toEqual([
    2,
    ['/v1/items'],
    expected,
  ]);
  expect((await runLantern(['migrate'], env)).code).toBe(0);
  const ingest = await runLantern(['ingest', logs, '--host', 'shop.test'], env);
  expect([ingest.code, ingest.stderr.split('\n').filter((l) => l.startsWith('error: '))]).toEqual([2, expected]);
  const inventory = JSON.parse((await runLantern(['inventory', '--json'], env)).stdout) as { endpoints: { path: string }[] };
  expect(inventory.endpoints.map((e) => e.path)).toEqual(['/v1/items']);
});
