import { describe, expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createChunkedAggregator } from './chunked-aggregator';
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

const NAMES = ['ann', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan'];
const show = (obs: EndpointObservation[]) => obs.map((o) => `${o.path} ${o.evidence.requests}`);

describe('createChunkedAggregator', () => {
  test('each chunk is counted alone but templated with the whole run; what the run keeps literal stays', () => {
    const agg = createChunkedAggregator({ specs: [] });
    const chunks: string[][] = [];
    let total = 0;
    for (let round = 0; round < 3; round++) {
      for (const name of NAMES.slice(round * 3, round * 3 + 3)) agg.add(ex(`/members/${name}`, round));
      for (let k = 0; k < 3; k++) agg.add(ex('/members/me', round));
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
    const agg = createChunkedAggregator({ specs: [] }, 8);
    const names = [...NAMES, 'judy', 'mallory', 'niaj'];
    const chunks: string[][] = [];
    for (let round = 0; round < 4; round++) {
      for (const name of names.slice(round * 3, round * 3 + 3)) agg.add(ex(`/members/${name}`, round));
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
