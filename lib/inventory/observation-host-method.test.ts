import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createObservationAggregator } from './aggregate-observations';
import { endpointObservationSchema } from './observation';

/** What the collector sends for a Host or method no server would take: never a batch the server refuses. */
test('a Host no server would take is placed as host-less traffic, a method that is no token is not placed; every observation is one the server accepts', () => {
  const agg = createObservationAggregator({ specs: [] });
  const ex = (host: string | undefined, method: string, path = '/orders/1'): Exchange => ({ ts: '2026-12-04T10:00:00Z', host, method, path, status: 200 });
  const hosts = ['shop.test', ' shop.test', 'shop.test ', 'shop test', 'shop.test\t', '<shop>', 'shop.test:8443', '[::1]:8080', 'bücher.example', 'xn--bcher-kva.example'];
  for (const host of hosts) agg.add(ex(host, 'GET'));
  for (const method of ['GET ', 'GE T', '"GET"', 'GET\u0000']) agg.add(ex('shop.test', method));
  agg.add(ex('shop.test', 'PROPFIND'));
  agg.add(ex('shop.test', 'propfind', '/orders/2'));
  const observations = agg.observations(new Date('2026-12-05T00:00:00Z'));
  for (const o of observations) expect([o.host, o.method, endpointObservationSchema.safeParse(o).error?.issues]).toEqual([o.host, o.method, undefined]);
  expect(observations.map((o) => `${o.method} ${o.host} ${o.evidence.requests}`)).toEqual([
    'GET [::1]:8080 1',
    'GET shop.test 1',
    'PROPFIND shop.test 2',
    'GET shop.test:8443 1',
    'GET unknown-host 5',
    // The IDN in Unicode and its A-label are one host (lib/openapi/servers.ts canonicalHost).
    'GET xn--bcher-kva.example 2',
  ]);
  expect(agg.result().stats.skipped).toBe(4);
});

test('a host an older collector sends as it found it (trailing dot, default port, capitals) lands on today\'s row', () => {
  // Before: the server stored `shop.test.` beside `shop.test`, a second inventory host for one API.
  const agg = createObservationAggregator({ specs: [] });
  agg.add({ ts: '2026-12-04T10:00:00Z', host: 'shop.test', method: 'GET', path: '/orders/1', status: 200 });
  const [o] = agg.observations(new Date('2026-12-05T00:00:00Z'));
  const hosts = ['shop.test.', 'Shop.Test.:443', 'shop.test.:8443'].map((host) => endpointObservationSchema.parse({ ...o, host }).host);
  expect(hosts).toEqual(['shop.test', 'shop.test', 'shop.test:8443']);
});

test('a daily key in the year 0000 is refused, named by its path, as first and last seen before year 1 are', () => {
  // Before: accepted and stored as a day of its own, a day no time of the batch could fall in.
  const agg = createObservationAggregator({ specs: [] });
  agg.add({ ts: '2026-12-04T10:00:00Z', host: 'shop.test', method: 'GET', path: '/orders', status: 200 });
  const [o] = agg.observations(new Date('2026-12-05T00:00:00Z'));
  const issues = (daily: Record<string, unknown>) => endpointObservationSchema.safeParse({ ...o, daily }).error?.issues.map((i) => i.path.join('.'));
  const counts = Object.values(o.daily)[0];
  expect(issues({ '0000-12-04': counts })).toEqual(['daily.0000-12-04']);
  expect(issues({ '0001-12-04': counts })).toBeUndefined();
});

// A JWT (HS256) as an older release's HAProxy or lighttpd reader recorded it for the host, lower-cased.
const JWT_HOST = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDQU5BUllqd3RIb3N0IiwibmFtZSI6IkphbmUgRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

test('a token an older collector or extract recorded as the host is host-less traffic, never a stored host', () => {
  // Before: the batch was stored under the token (its claims readable), and discover listed it as the host.
  const agg = createObservationAggregator({ specs: [] });
  for (const host of [JWT_HOST, 'eyjafjallajokull.is', 'shop.test']) agg.add({ ts: '2026-12-04T10:00:00Z', host, method: 'GET', path: '/orders/1', status: 200 });
  const observations = agg.observations(new Date('2026-12-05T00:00:00Z'));
  expect(observations.map((o) => `${o.host} ${o.evidence.requests}`)).toEqual(['eyjafjallajokull.is 1', 'shop.test 1', 'unknown-host 1']);
  const [o] = observations;
  // Short JWTs (HS256, a small payload: no label over 63), lower-cased as older collectors sent hosts, with `alg` at
  // each of its three places in the header.
  const short = ['{"alg":"HS256"}', '{"kid":"1","alg":"RS256"}', '{"kid":"12","alg":"RS256"}'].map((h) => `${Buffer.from(h).toString('base64url')}.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`.toLowerCase());
  // Dotted vendor tokens, lower-cased: a SendGrid key and a Discord bot token end in a label no top-level domain is.
  const vendor = ['sg.ngevfqflykuoufo8x5d1a.twl2igabf9dhotf-09kqef8tambihyzrnopkc-1s5cr', 'mtk4njiyndgznde5mti1mjq4.cl2fmq.zncjm1xvw7vrze4b7cq4se7kkws:443'];
  // Random first labels (a Lambda function URL, CloudFront, an onion service), an IDN top-level domain and an
  // address are hosts.
  const real = [
    'eyjafjallajokull.is', 'eyjolfur2020.blog.is', 'a-very-long-but-real-label-of-exactly-sixty-three-characters-xx.example',
    'abcdefghij0123456789klmnopqrstuv.lambda-url.us-east-1.on.aws', 'd111111abcdef8.cloudfront.net', 'xn--80ak6aa92e.xn--p1ai',
    'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion', '10.20.30.40',
  ];
  const hosts = [JWT_HOST, JWT_HOST.toLowerCase(), 'sk_live_canary.example', ...short, ...vendor, ...real].map((host) => endpointObservationSchema.parse({ ...o, host }).host);
  expect(hosts).toEqual(['unknown-host', 'unknown-host', 'unknown-host', 'unknown-host', 'unknown-host', 'unknown-host', 'unknown-host', 'unknown-host', ...real]);
});
