import { expect, test } from 'vitest';
import { compileOverrides, isIgnored, overridesAt } from './overrides';

test("an override file's host applies to the host traffic is kept under, whatever its spelling", () => {
  // Before: lower-cased only, `discover --override` with `API.Shop.test:443` or `shop.test.` ignored and merged nothing.
  for (const host of ['API.Shop.test:443', 'api.shop.test.', 'api.shop.test:80']) {
    const overrides = compileOverrides([
      { host, pattern: '/health', action: 'ignore' },
      { host, pattern: '/carts/{cartId}', action: 'merge' },
    ]);
    expect(isIgnored(overrides, 'api.shop.test', 'GET', ['health']), host).toBe(true);
    expect(overridesAt(overrides, 'api.shop.test', ['carts']).forceParam, host).toBe(true);
    expect(isIgnored(overrides, 'other.test', 'GET', ['health']), host).toBe(false);
  }
  // Another port is another listener.
  expect(isIgnored(compileOverrides([{ host: 'api.shop.test:8443', pattern: '/health', action: 'ignore' }]), 'api.shop.test', 'GET', ['health'])).toBe(false);
});
