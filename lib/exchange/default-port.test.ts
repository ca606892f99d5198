import { expect, test } from 'vitest';
import { withoutDefaultPort } from './exchange';

test('the schemes default ports are dropped, any other port stays', () => {
  expect(['shop.test:80', 'shop.test:443', 'shop.test:8080', 'shop.test:4430', 'shop.test', '[2001:db8::1]:443', '10.0.0.1:80'].map(withoutDefaultPort)).toEqual([
    'shop.test', 'shop.test', 'shop.test:8080', 'shop.test:4430', 'shop.test', '[2001:db8::1]', '10.0.0.1',
  ]);
});
