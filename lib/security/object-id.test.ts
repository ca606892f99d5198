import { expect, test } from 'vitest';
import { redactPathSecrets } from './redact-path';

test("an object's ID whose prefix abbreviates its collection stays in example paths (Stripe's `ch_…`, `cus_…`)", () => {
  // Before: 20+ random-looking characters, `{redacted}` as `hf_…`, `npm_…` and `shpat_…` secrets of that shape are.
  expect(redactPathSecrets('/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds')).toBe('/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds');
  expect(redactPathSecrets('/v1/customers/cus_9s6XKzkNRiz8i3AbCdEfGhJk')).toBe('/v1/customers/cus_9s6XKzkNRiz8i3AbCdEfGhJk');
  expect(redactPathSecrets('/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa')).toBe('/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa');
  expect(redactPathSecrets('/v1/events/evt_1NG8Du2eZvKYlo2CUI79vXWy')).toBe('/v1/events/evt_1NG8Du2eZvKYlo2CUI79vXWy');
});

test('a secret of that shape stays {redacted}: a known secret prefix, a client secret, a collection of secrets, no collection', () => {
  for (const path of [
    '/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH',
    '/v1/customers/sk_live_51HxYz2eZvKYlo2C0123abcdEF',
    '/v1/npm-tokens/npm_aBcD1234eFgH5678iJkL9012mNoP3456',
    '/v1/hf/hf_aBcD1234eFgH5678iJkL9012mNoP3456',
    '/admin/shops/shpat_aBcD1234eFgH5678iJkL9012mNoP3456',
    '/v1/tokens/tok_1NG8Du2eZvKYlo2CUI79vXWy',
    '/v1/refunds/re_aBcD1234eFgH5678iJkL9012mNoP3456_x',
    '/cus_9s6XKzkNRiz8i3AbCdEfGhJk',
    '/v1/checkout/sessions/cs_live_a1B2c3D4e5F6g7H8i9J0kLmNoPq',
  ]) {
    expect([path, redactPathSecrets(path).includes('{redacted}')]).toEqual([path, true]);
  }
});
