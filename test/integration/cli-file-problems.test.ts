import { copyFileSync, mkdtempSync } from 'node:fs';
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
});
