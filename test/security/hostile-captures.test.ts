import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClassicPcapParser } from '../../collectors/pcap/classic-pcap';
import { PcapngParser } from '../../collectors/pcap/pcapng';
import { conversationPcap } from '../gen/pcap/conversation';
import { SHARED_FIXTURES } from '../require';
import { expectValidExchanges, extractFile, MB, memoryGrowth, parseCapture } from './hostile-helpers';

/**
 * Hostile captures: random and mutated pcapng (pcap mutations are in test/integration/pcap-fuzz.test.ts), random
 * bytes behind both magics, and HTTP with 1 MB header lines and request targets. Never a throw, never a hang
 * (each test's timeout is its time budget), memory within budget, and only valid exchange records out.
 */
const PCAPNG = readFileSync(`${SHARED_FIXTURES}pcap/chrissanders__http_ip4and6.pcapng`);

describe('pcapng', () => {
  test('the undamaged fixture yields its 2 requests', () => {
    const { exchanges, status } = parseCapture(new PcapngParser(), PCAPNG);
    expect(typeof status === 'number' ? 'ok' : status.invalid).toBe('ok');
    expect(exchanges.map((e) => `${e.method} ${e.path}`)).toEqual(['GET /', 'GET /']);
  });

  test('byte mutations, truncations and block-length lies never throw and yield only valid records (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(PCAPNG.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 48 }),
        fc.nat(PCAPNG.length),
        (edits, cut) => {
          const buf = Buffer.from(PCAPNG.subarray(0, Math.max(cut, 28)));
          for (const [pos, byte] of edits) if (pos < buf.length) buf[pos] = byte;
          const { exchanges } = parseCapture(new PcapngParser(), buf);
          expectValidExchanges(exchanges);
          expect(exchanges.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 400, seed: 8 },
    );
  }, 60_000);

  test('block lengths of 0xFFFFFFFC and other lies are refused, not allocated', async () => {
    const buf = Buffer.from(PCAPNG);
    // The second block starts after the section header; claim it is 4 GiB long.
    const shbLength = buf.readUInt32LE(4);
    buf.writeUInt32LE(0xfffffffc, shbLength + 4);
    const growth = await memoryGrowth(() => parseCapture(new PcapngParser(), buf));
    expect(growth).toBeLessThan(32 * MB);
  });
});

describe('random bytes behind a valid magic', () => {
  const magics = { pcap: Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex'), pcapng: PCAPNG.subarray(0, PCAPNG.readUInt32LE(4)) };
  for (const [name, magic] of Object.entries(magics)) {
    test(`${name}: never throws (property)`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), (bytes) => {
          const parser = name === 'pcap' ? new ClassicPcapParser() : new PcapngParser();
          expectValidExchanges(parseCapture(parser, Buffer.concat([magic, Buffer.from(bytes)])).exchanges);
        }),
        { numRuns: 300, seed: 3 },
      );
    }, 60_000);
  }
});

describe('HTTP/1.x with enormous lines', () => {
  const big = 'A'.repeat(MB);
  const response = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}';

  test('a 1 MB header line: no crash, bounded memory, and the connection does not invent requests', async () => {
    const capture = conversationPcap([
      { from: 'client', data: `GET /v1/ok HTTP/1.1\r\nHost: api.test\r\n\r\n` },
      { from: 'server', data: response },
      { from: 'client', data: `GET /v1/huge HTTP/1.1\r\nHost: api.test\r\nX-Padding: ${big}\r\n\r\n` },
      { from: 'server', data: response },
    ]);
    let result: ReturnType<typeof parseCapture> | undefined;
    const growth = await memoryGrowth(() => (result = parseCapture(new ClassicPcapParser(), capture)));
    expect(growth).toBeLessThan(64 * MB);
    expectValidExchanges(result!.exchanges);
    expect(result!.exchanges.map((e) => e.path)).toContain('/v1/ok');
    expect(result!.exchanges.every((e) => e.path === '/v1/ok' || e.path === '/v1/huge')).toBe(true);
  }, 30_000);

  test('a 1 MB request target: refused or truncated, never kept whole', async () => {
    const capture = conversationPcap([
      { from: 'client', data: `GET /v1/${big} HTTP/1.1\r\nHost: api.test\r\n\r\n` },
      { from: 'server', data: response },
    ]);
    const { exchanges } = parseCapture(new ClassicPcapParser(), capture);
    expectValidExchanges(exchanges);
    for (const e of exchanges) expect((e.path ?? '').length).toBeLessThan(64 * 1024);
  }, 30_000);

  test('the same through the CLI reader path (file sniffing, TCP reassembly, HTTP parser)', async () => {
    const capture = conversationPcap([{ from: 'client', data: `POST /v1/x HTTP/1.1\r\nHost: api.test\r\nCookie: ${big}\r\nContent-Length: 0\r\n\r\n` }, { from: 'server', data: response }]);
    const { report } = await extractFile('huge-header.pcap', capture);
    expect(report.errors).toEqual([]);
  }, 30_000);
});
