import { describe, expect, test } from 'vitest';
import { redactPathSecrets } from './redact-path';

describe('redactPathSecrets', () => {
  test('credentials in paths become {redacted}', () => {
    expect(redactPathSecrets('/v2/password-reset/ResetTok3f9a2c7e1b5d4a6f8e0c9b7a/confirm')).toBe('/v2/password-reset/{redacted}/confirm');
    expect(redactPathSecrets('/v2/hooks/T0001/sk_live_51HxYz2eZvKYlo2C0123abcd')).toBe('/v2/hooks/T0001/{redacted}');
    expect(redactPathSecrets('/services/T0ABCDEF1/B0GHIJKL2/Xk3Lm9Pq2Rs7Tu4Vw1Yz8Ab6')).toBe('/services/T0ABCDEF1/B0GHIJKL2/{redacted}');
    expect(redactPathSecrets('/download/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl')).toBe('/download/{redacted}');
    expect(redactPathSecrets('/invite/a1b2c3d4e5')).toBe('/invite/{redacted}');
    expect(redactPathSecrets('/u/ghp_aBcD1234eFgH5678iJkL9012mNoP3456qRsT')).toBe('/u/{redacted}');
  });

  test('identifiers and words are kept', () => {
    for (const path of [
      '/v1/orders/991',
      '/v1/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '/v1/commits/9fceb02d0ae598e95dc970b74767f19372d61af8',
      '/auth/callback',
      '/v1/keys/12345',
      '/api/v2/reports/2024-11-22/export',
      '/docs/getting-started-with-the-payments-api',
      '/',
    ]) {
      expect(redactPathSecrets(path)).toBe(path);
    }
  });
});
