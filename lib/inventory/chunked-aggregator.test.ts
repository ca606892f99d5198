import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createMatcher } from '../openapi/matcher';
import { createChunkedAggregator, sharedRunMemory } from './chunked-aggregator';
import { foldObservations } from './merge-evidence';
import type { EndpointObservation } from './observation';

const ex = (path: string, second: number, auth: Exchange['auth'] = [{ kind: 'none' }]): Exchange => ({
  ts: `2026-12-04T10:00:${String(second).padStart(2, '0')}.000Z`,
  src: '10.0.0.1:5000',
  dst: '10.0.0.2:80',
  transport: 'http/1.1',
  host: 'shop.test',
  method: 'GET',
  path,
  status: 200,
  auth,
});

/** A clock that stands still but for ten seconds before each chunk ends: the templating throttle never holds. */
function chunkClock() {
  let now = 0;
  return { clock: () => now, next: () => void (now += 10_000) };
}

const NAMES = ['ann', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan'];
const show = (obs: EndpointObservation[]) => obs.map((o) => `${o.path} ${o.evidence.requests}`);

describe('createChunkedAggregator', () => {
  test('each chunk is counted alone but templated with the whole run; what the run keeps literal stays', () => {
    const time = chunkClock();
    const agg = createChunkedAggregator({ specs: [] }, { clock: time.clock });
    const chunks: string[][] = [];
    let total = 0;
    for (let round = 0; round < 3; round++) {
      for (const name of NAMES.slice(round * 3, round * 3 + 3)) agg.add(ex(`/members/${name}`, round));
      for (let k = 0; k < 3; k++) agg.add(ex('/members/me', round));
      time.next();
      const { observations, exchanges } = agg.take();
      expect(exchanges).toBe(6);
      total += observations.reduce((n, o) => n + o.evidence.requests, 0);
      chunks.push(show(observations));
    }
    // Three names decide nothing; six do, from the second chunk on (the first was sent already).
    expect(chunks).toEqual([
      ['/members/ann 1', '/members/bob 1', '/members/carol 1', '/members/me 3'],
      ['/members/me 3', '/members/{memberId} 3'],
      ['/members/me 3', '/members/{memberId} 3'],
    ]);
    expect(total).toBe(18);
    expect(agg.exchanges).toBe(0);
  });

  test('the run memory starts over past its size: a long run holds a bounded amount', () => {
    const time = chunkClock();
    const agg = createChunkedAggregator({ specs: [] }, { memoryPaths: 8, clock: time.clock });
    const names = [...NAMES, 'judy', 'mallory', 'niaj'];
    const chunks: string[][] = [];
    for (let round = 0; round < 4; round++) {
      for (const name of names.slice(round * 3, round * 3 + 3)) agg.add(ex(`/members/${name}`, round));
      time.next();
      chunks.push(show(agg.take().observations));
    }
    // Nine paths passed the cap of eight after the third chunk: the fourth chunk's names are alone again (the
    // server folds them into the template it stored).
    expect(chunks).toEqual([
      ['/members/ann 1', '/members/bob 1', '/members/carol 1'],
      ['/members/{memberId} 3'],
      ['/members/{memberId} 3'],
      ['/members/judy 1', '/members/mallory 1', '/members/niaj 1'],
    ]);
  });

  test('templates are made again only when the run grew by a quarter or seconds passed, and when it is cheap enough', () => {
    // Each reading moves the clock by 1 ms, so templating seems to take 1 ms (20 ms must pass before the next).
    let now = 0;
    const agg = createChunkedAggregator({ specs: [] }, { clock: () => now++ });
    const round = (names: string[]) => {
      for (const name of names) agg.add(ex(`/members/${name}`, 0));
      return show(agg.take().observations);
    };
    expect(round(NAMES.slice(0, 3))).toEqual(['/members/ann 1', '/members/bob 1', '/members/carol 1']);
    // Too soon after the last templating: however much the run grew, its templates (three literals) are used again.
    expect(round(NAMES.slice(3, 6))).toEqual(['/members/dave 1', '/members/erin 1', '/members/frank 1']);
    now += 100;
    expect(round(NAMES.slice(6, 9))).toEqual(['/members/{memberId} 3']);
    now += 100;
    // Long enough after, but no growth by a quarter and not five seconds later: the same templates. They cover
    // this name, which the run has seen; a new one is too (the template covers any value).
    expect(round(['ann', 'zed'])).toEqual(['/members/{memberId} 2']);
    now += 5_000;
    expect(round(['yves'])).toEqual(['/members/{memberId} 1']);
  });
});

describe('foldObservations', () => {
  test('combines everything two observations of one endpoint hold, as a stored row would', () => {
    const agg = createChunkedAggregator({ specs: [] });
    agg.add({ ...ex('/a', 1, [{ kind: 'bearer-jwt', fingerprint: 'f1', jwt: { iss: 'https://a.example', scopes: ['read'] } }]), query: ['page'] });
    const [a] = agg.take().observations;
    agg.add({ ...ex('/a', 2, [{ kind: 'api-key:x-api-key', fingerprint: 'f2' }]), transport: 'tls', status: 500, query: ['limit'] });
    const [b] = agg.take().observations;
    const f = foldObservations(a, b).evidence;
    expect(f.requests).toBe(2);
    expect(f.statuses).toEqual({ '200': 1, '500': 1 });
    expect(f.authKinds).toEqual({ 'bearer-jwt': 1, 'api-key:x-api-key': 1 });
    expect(f.jwtIssuers).toEqual(['https://a.example']);
    expect(f.scopesSeen).toEqual(['read']);
    expect(f.queryParams).toEqual({ page: 1, limit: 1 });
    expect(f.transports).toEqual({ 'http/1.1': 1, tls: 1 });
    expect(f.callerFingerprints).toEqual([...(a.evidence.callerFingerprints ?? []), ...(b.evidence.callerFingerprints ?? [])].sort());
    expect(f.callerFingerprints).toHaveLength(2);
    expect(f.firstSeen).toBe('2026-12-04T10:00:01.000Z');
    expect(f.lastSeen).toBe('2026-12-04T10:00:02.000Z');
    expect(f.clients.internal + f.clients.public + f.clients.unknown).toBe(2);
  });
});

test("a receiver's shared memory starts over when the specs or the overrides change", () => {
  const matcher = createMatcher([]);
  const first = sharedRunMemory({ specs: [], matcher });
  expect(sharedRunMemory({ specs: [], matcher, overrides: [] })).toBe(first);
  const split = sharedRunMemory({ specs: [], matcher, overrides: [{ pattern: '/members/search', action: 'split' }] });
  expect(split).not.toBe(first);
  expect(sharedRunMemory({ specs: [], matcher: createMatcher([]), overrides: [{ pattern: '/members/search', action: 'split' }] })).not.toBe(split);
});
