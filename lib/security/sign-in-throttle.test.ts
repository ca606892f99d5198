import { expect, test } from 'vitest';
import { clientAddress } from './sign-in-throttle';

test('the client is the hop our outermost proxy appended; hops the client wrote itself are ignored', () => {
  // Client sent a forged header; one proxy (nginx) appended the real peer.
  expect(clientAddress({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' }, 1)).toBe('203.0.113.7');
  // Two proxies (CDN then nginx): the CDN saw the client, nginx saw the CDN.
  expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 10.0.0.2' }, 2)).toBe('198.51.100.9');
  // Directly exposed: Next.js set the socket address because the client sent none.
  expect(clientAddress({ 'x-forwarded-for': '192.0.2.10' }, 1)).toBe('192.0.2.10');
  // Fewer hops than configured proxies: nothing trustworthy.
  expect(clientAddress({ 'x-forwarded-for': '192.0.2.10' }, 2)).toBeUndefined();
  expect(clientAddress({}, 1)).toBeUndefined();
  expect(clientAddress(undefined, 1)).toBeUndefined();
});
