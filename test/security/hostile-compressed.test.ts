import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { conversationPcap } from '../gen/pcap/conversation';
import { extractFile, MB, memoryGrowth } from './hostile-helpers';

/**
 * Decompression bombs at the collectors: gzipped HAR/OTLP documents, logs and captures that inflate to a GiB.
 * Concatenated gzip members (each 64 MiB of one byte) build the bomb without the test holding a GiB itself.
 */
function bomb(member: Buffer, copies: number, prefix?: Buffer): Buffer {
  const one = gzipSync(member);
  return Buffer.concat([...(prefix ? [gzipSync(prefix)] : []), ...Array<Buffer>(copies).fill(one)]);
}

describe('gzip bombs in collector inputs', () => {
  test('a .har.gz that inflates to 1 GiB is refused with an error naming the limit, memory bounded', async () => {
    const har = bomb(Buffer.alloc(64 * MB, 0x20), 16, Buffer.from('{"log":{"version":"1.2","entries":[]'));
    let report: Awaited<ReturnType<typeof extractFile>>['report'] | undefined;
    const growth = await memoryGrowth(async () => ({ report } = await extractFile('bomb.har.gz', har)));
    expect(report!.exchanges).toBe(0);
    expect(report!.errors).toHaveLength(1);
    expect(report!.errors[0]).toMatch(/JSON document larger than 536870912 bytes once decompressed$/);
    expect(growth).toBeLessThan(700 * MB);
  }, 120_000);

  test('a .log.gz of 1 GiB without a newline: streamed, no exchange invented, memory bounded', async () => {
    const log = bomb(Buffer.alloc(64 * MB, 0x41), 16, Buffer.from('10.0.0.1 - - [22/Nov/2025:10:00:00 +0000] "GET /v1/ok HTTP/1.1" 200 2 "-" "curl"\n'));
    let result: Awaited<ReturnType<typeof extractFile>> | undefined;
    const growth = await memoryGrowth(async () => (result = await extractFile('bomb.log.gz', log)));
    expect(result!.exchanges.map((e) => e.path)).toEqual(['/v1/ok']);
    expect(growth).toBeLessThan(256 * MB);
  }, 180_000);

  test('a .pcap.gz whose tail inflates to 256 MiB of zeros: the real packets are read, memory bounded', async () => {
    const capture = conversationPcap([
      { from: 'client', data: 'GET /v1/ok HTTP/1.1\r\nHost: api.test\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}' },
    ]);
    let result: Awaited<ReturnType<typeof extractFile>> | undefined;
    const growth = await memoryGrowth(async () => (result = await extractFile('bomb.pcap.gz', bomb(Buffer.alloc(64 * MB), 4, capture))));
    expect(result!.exchanges.map((e) => e.path)).toEqual(['/v1/ok']);
    expect(growth).toBeLessThan(256 * MB);
  }, 180_000);
});
