import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createDiscoveryEngine } from './discovery-engine';
import { EvidenceAccumulator } from './evidence';

const NOW = new Date('2026-01-10T00:00:00Z');

function tagsOf(...paths: string[]): string[] {
  const acc = new EvidenceAccumulator();
  for (const path of paths) acc.add({ ts: '2026-01-02T03:04:05Z', method: 'GET', path, status: 200 });
  return acc.snapshot().sensitive;
}

describe('personal data in a request path tags the endpoint', () => {
  test('an e-mail address, a phone number, an SSN, an IBAN, a card number', () => {
    // Before: tags came only from bodies, so an API taking e-mails or phone numbers in its URLs (where every proxy
    // and access log keeps them) carried no sensitive-data tag and no finding.
    const cases: Array<[string, string[]]> = [
      ['/users/alice@example.com', ['email']],
      ['/users/alice%40example.com/settings', ['email']],
      ['/v1/PhoneNumbers/+14155552671', ['phone']],
      ['/v1/PhoneNumbers/%2B14155552671', ['phone']],
      ['/employees/123-45-6789/payslips', ['national-id']],
      ['/accounts/DE89370400440532013000', ['iban']],
      ['/cards/4111111111111111', ['card-number']],
      ['/credit-card/5555555555554444/verify', ['card-number']],
      ['/pay/4111-1111-1111-1111', ['card-number']],
    ];
    expect(cases.map(([path]) => [path, tagsOf(path)])).toEqual(cases);
  });

  test('identifiers, versions, hashes, coordinates and asset names are none', () => {
    const paths = [
      '/img/logo@2x.png',
      '/npm/react@18.2.0/umd/react.production.min.js',
      '/gh/user/repo@v1.2.3/dist/app.js',
      '/%40babel%2Fcore',
      '/tweets/1460323737035677691',
      // A Luhn-valid number in an issuer's range is an order's ID where no card is named (one ID in ten passes Luhn).
      '/orders/4111111111111111',
      '/media/2637592618573869420',
      '/events/1733385600015',
      '/geo/+51.507351,-0.127758',
      '/v2/library/ubuntu/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '/archive/2024-01-15',
      '/releases/1.2.3-beta.1',
      '/orders/123456/items/42',
      '/users/3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ];
    expect(paths.map((p) => [p, tagsOf(p)])).toEqual(paths.map((p) => [p, []]));
  });

  test('discover: the templated endpoint carries the tag and a finding, never the value', () => {
    const e = createDiscoveryEngine({ specs: [] });
    for (const who of ['alice@example.com', 'bob@example.org', 'carol@example.net']) {
      e.addExchange({ ts: '2026-01-02T03:04:05Z', host: 'crm.test', method: 'GET', path: `/users/${who}`, status: 200, auth: [{ kind: 'none' }] } satisfies Exchange);
    }
    const [endpoint] = e.result(NOW).endpoints;
    expect([endpoint.path, endpoint.evidence.sensitive, endpoint.findings.find((f) => f.kind === 'sensitive-data')]).toEqual([
      '/users/{email}',
      ['email'],
      { kind: 'sensitive-data', message: 'undocumented endpoint carries email', values: ['email'] },
    ]);
    expect(JSON.stringify(endpoint)).not.toMatch(/alice|bob|carol/);
  });
});
