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

test('LANTERN_WEBHOOK_URLS: http(s) URLs, optionally slack:-prefixed; anything else is refused at start, naming the entry by position', () => {
  try {
    for (const ok of ['https://hooks.example.com/a', 'slack:https://hooks.slack.com/services/T/B/k, http://siem.internal:8080/in']) {
      process.env.LANTERN_WEBHOOK_URLS = ok;
      resetEnvCache();
      expect(env().LANTERN_WEBHOOK_URLS).toBe(ok);
    }
    for (const bad of ['file:///etc/passwd', 'https://ok.example/a,not a url', 'slack:gopher://x/y', 'hooks.example.com/a']) {
      process.env.LANTERN_WEBHOOK_URLS = bad;
      resetEnvCache();
      expect(() => env()).toThrow(/LANTERN_WEBHOOK_URLS/);
    }
    // The message names the entry, never echoes it: a webhook URL is often its own key.
    process.env.LANTERN_WEBHOOK_URLS = 'https://ok.example/a,ftp://h/s3cretKeyPath';
    resetEnvCache();
    expect(() => env()).toThrow(/entry 2/);
    expect(() => env()).not.toThrow(/s3cretKeyPath/);
  } finally {
    delete process.env.LANTERN_WEBHOOK_URLS;
    resetEnvCache();
  }
});
