import { describe, expect, test } from 'vitest';
import { checkSameOrigin, isStateChanging } from './same-origin';

const post = (headers: Record<string, string>, url = 'http://lantern.corp:3000/api/overrides') => new Request(url, { method: 'POST', headers });

describe('checkSameOrigin', () => {
  test('Fetch Metadata decides when the browser sends it', () => {
    expect(checkSameOrigin(post({ 'sec-fetch-site': 'same-origin' }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ 'sec-fetch-site': 'none' }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ 'sec-fetch-site': 'cross-site', origin: 'http://lantern.corp:3000' }))).toEqual({ ok: false, reason: 'Sec-Fetch-Site is cross-site' });
    expect(checkSameOrigin(post({ 'sec-fetch-site': 'same-site' }))).toEqual({ ok: false, reason: 'Sec-Fetch-Site is same-site' });
  });

  test('Origin must name the host the request was sent to', () => {
    expect(checkSameOrigin(post({ origin: 'http://lantern.corp:3000' }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ origin: 'http://LANTERN.corp:3000' }))).toEqual({ ok: true });
    expect(checkSameOrigin(post({ origin: 'http://evil.example' }))).toEqual({ ok: false, reason: 'Origin http://evil.example is not this site' });
    expect(checkSameOrigin(post({ origin: 'http://lantern.corp:3001' }))).toEqual({ ok: false, reason: 'Origin http://lantern.corp:3001 is not this site' });
    expect(checkSameOrigin(post({ origin: 'https://lantern.corp:3000' }))).toEqual({ ok: false, reason: 'Origin https://lantern.corp:3000 is not this site' });
    expect(checkSameOrigin(post({ origin: 'null' }))).toEqual({ ok: false, reason: 'opaque Origin' });
  });

  test('behind a TLS proxy: the forwarded host and scheme, or the public URL', () => {
    const proxied = { origin: 'https://lantern.example.com', 'x-forwarded-host': 'lantern.example.com', 'x-forwarded-proto': 'https' };
    expect(checkSameOrigin(post(proxied, 'http://10.0.0.5:3000/api/overrides'))).toEqual({ ok: true });
    const viaPublicUrl = post({ origin: 'https://lantern.example.com' }, 'http://10.0.0.5:3000/api/overrides');
    expect(checkSameOrigin(viaPublicUrl)).toEqual({ ok: false, reason: 'Origin https://lantern.example.com is not this site' });
    expect(checkSameOrigin(viaPublicUrl, 'https://lantern.example.com/')).toEqual({ ok: true });
  });

  test('a request with neither header is refused', () => {
    expect(checkSameOrigin(post({}))).toEqual({ ok: false, reason: 'neither Sec-Fetch-Site nor Origin was sent' });
  });

  test('only state-changing methods are checked', () => {
    expect(['GET', 'HEAD', 'OPTIONS', 'get'].map(isStateChanging)).toEqual([false, false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isStateChanging)).toEqual([true, true, true, true]);
  });
});
