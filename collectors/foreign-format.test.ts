import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { foreignFormat, notCaptureAsNamed } from './foreign-format';

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

test('a capture-named file whose binary start is no capture magic is named as such; text, or another name, is left to the log reader', () => {
  // Before: it went to the log reader, which said no known log format fits and to try --format.
  const cut = Buffer.from('ffffffff020004000000000000000000ffff0000', 'hex');
  const said = "not a pcap or pcapng capture, as its name says: it begins 0xffffffff, where a capture has its magic number (pcap a1b2c3d4 or d4c3b2a1, nanosecond pcap a1b23c4d or 4d3cb2a1, pcapng 0a0d0d0a)";
  expect([notCaptureAsNamed('trace.pcap', cut), notCaptureAsNamed('ring.PCAPNG', cut), notCaptureAsNamed('x.cap.gz', gzipSync(cut))]).toEqual([said, said, said]);
  expect(notCaptureAsNamed('access.log', cut)).toBeUndefined();
  expect(notCaptureAsNamed('saved.pcap', Buffer.from('10.0.0.1 - - [06/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1\n'))).toBeUndefined();
  expect(notCaptureAsNamed('tiny.pcap', Buffer.from([0, 0]))).toBeUndefined();
});
