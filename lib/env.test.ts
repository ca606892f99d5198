import { afterEach, expect, test } from 'vitest';
import { env, resetEnvCache } from './env';

afterEach(() => {
  delete process.env.LANTERN_TRUSTED_PROXIES;
  resetEnvCache();
});

test('LANTERN_TRUSTED_PROXIES: 0 (no proxy, X-Forwarded-For ignored) by default and when set; a count when behind proxies', () => {
  resetEnvCache();
  expect(env().LANTERN_TRUSTED_PROXIES).toBe(0);
  for (const [value, parsed] of [['0', 0], ['1', 1], ['3', 3]] as const) {
    process.env.LANTERN_TRUSTED_PROXIES = value;
    resetEnvCache();
    expect(env().LANTERN_TRUSTED_PROXIES).toBe(parsed);
  }
  process.env.LANTERN_TRUSTED_PROXIES = '-1';
  resetEnvCache();
  expect(() => env()).toThrow(/LANTERN_TRUSTED_PROXIES/);
});
