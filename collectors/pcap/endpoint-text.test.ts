import { expect, test } from 'vitest';
import fc from 'fast-check';
import { formatEndpoint, formatPackedIpv4 } from './endpoint-text';

test('an IPv4 endpoint packed as the reassembler keys it reads as the address and port in the packet', () => {
  fc.assert(
    fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffff }), (ip, port) => {
      const buf = Buffer.alloc(4);
      buf.writeUInt32BE(ip);
      expect(formatPackedIpv4(ip * 65536 + port)).toBe(formatEndpoint(4, buf, 0, port));
    }),
    { numRuns: 2000, seed: 3 },
  );
  expect(formatPackedIpv4(0xffffffff * 65536 + 65535)).toBe('255.255.255.255:65535');
  expect(formatPackedIpv4(0)).toBe('0.0.0.0:0');
});
