import { expect, test } from 'vitest';
import { foreignFormat } from './foreign-format';

// The first 16 bytes of each tool's output for zeek__http-methods.pcap (xz, bzip2, zstd, lz4, zip, editcap -F).
const heads: [string, string][] = [
  ['fd377a585a000004e6d6b44602002101', 'xz-compressed'],
  ['425a68393141592653590162c2ce01cd', 'bzip2-compressed'],
  ['28b52ffda4eda4030004e602da453fb4', 'zstd-compressed'],
  ['04224d1864500809e7000084d4c3b2a1', 'lz4-compressed'],
  ['504b0304140000000800c923865d9a23', 'a zip archive'],
  ['736e6f6f700000000000000200000004', 'a snoop capture'],
  ['34cdb2a1020004000000000000000000', 'a modified (Kuznetzov) pcap capture'],
  ['474d425500020100dc070c0006000100', 'a Network Monitor capture'],
];

test.each(heads)('%s is named as %s, with what to do instead of a log format to try', (hex, what) => {
  expect(foreignFormat(Buffer.from(hex, 'hex'))?.startsWith(`${what}, which Lantern does not read`)).toBe(true);
});

test('logs, pcap and a log line that begins like bzip2 are not foreign', () => {
  expect(foreignFormat(Buffer.from('10.0.0.1 - - [06/Dec/2026'))).toBeUndefined();
  expect(foreignFormat(Buffer.from('d4c3b2a1020004000000000000000000', 'hex'))).toBeUndefined();
  expect(foreignFormat(Buffer.from('BZh, a host name'))).toBeUndefined();
  expect(foreignFormat(Buffer.alloc(0))).toBeUndefined();
});
