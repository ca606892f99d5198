import { expect, test } from 'vitest';
import { clientAddress } from './sign-in-throttle';

test('the client is the hop our outermost proxy appended; hops the client wrote itself are ignored', () => {
  // Client sent a forged header; one proxy (nginx) appended the real peer.
  expect(clientAddress({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' }, 1)).toBe('203.0.113.7');
  // Two proxies (CDN then nginx): the CDN saw the client, nginx saw the CDN.
  expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 198.51.100.9, 10.0.0.2' }, 2)).toBe('198.51.100.9');
  // One proxy, and the client sent no header of its own.
  expect(clientAddress({ 'x-forwarded-for': '192.0.2.10' }, 1)).toBe('192.0.2.10');
  // Fewer hops than configured proxies: nothing trustworthy.
  expect(clientAddress({ 'x-forwarded-for': '192.0.2.10' }, 2)).toBeUndefined();
  expect(clientAddress({}, 1)).toBeUndefined();
  expect(clientAddress(undefined, 1)).toBeUndefined();
});

test('with no proxy in front (0) no hop is trustworthy: the client could have written any of them', () => {
  expect(clientAddress({ 'x-forwarded-for': '10.1.2.3' }, 0)).toBeUndefined();
  expect(clientAddress({ 'x-forwarded-for': '1.2.3.4, 203.0.113.7' }, 0)).toBeUndefined();
  expect(clientAddress({}, 0)).toBeUndefined();
});
