import { expect, test } from 'vitest';
import { latencyBucket } from '../discovery/latency-summary';
import { combineStoredEvidence, foldObservations, unionCapped } from './merge-evidence';
import { endpointObservationSchema, type EndpointObservation } from './observation';

const observation = (firstSeen: string, lastSeen: string): EndpointObservation =>
  endpointObservationSchema.parse({
    host: 'api.test',
    method: 'GET',
    path: '/x',
    evidence: {
      requests: 1,
      firstSeen,
      lastSeen,
      statuses: { '200': 1 },
      authKinds: {},
      jwtIssuers: [],
      scopesSeen: [],
      queryParams: {},
      sensitive: [],
      clients: { internal: 0, public: 0, unknown: 1 },
      callers: 0,
      unauthenticated2xx: 0,
      deprecationHeaders: 0,
      sunsetHeaders: 0,
    },
    daily: { '2026-12-06': { requests: 1, errors: 0, unauthenticated: 0 } },
    examplePaths: [],
  });

test('first and last seen are folded by time, whatever the spelling (an offset, whole seconds) the batch uses', () => {
  // 06:00+02:00 is 04:00Z, before 05:00Z; 05:00:00Z is before 05:00:00.500Z. Compared as text, both came out the other way.
  const offset = foldObservations(observation('2026-12-06T05:00:00.000Z', '2026-12-06T05:00:00.000Z'), observation('2026-12-06T06:00:00+02:00', '2026-12-06T06:00:00+02:00'));
  expect([offset.evidence.firstSeen, offset.evidence.lastSeen]).toEqual(['2026-12-06T06:00:00+02:00', '2026-12-06T05:00:00.000Z']);
  const precision = foldObservations(observation('2026-12-06T05:00:00.500Z', '2026-12-06T05:00:00.500Z'), observation('2026-12-06T05:00:00Z', '2026-12-06T05:00:00Z'));
  expect([precision.evidence.firstSeen, precision.evidence.lastSeen]).toEqual(['2026-12-06T05:00:00Z', '2026-12-06T05:00:00.500Z']);
});

const fps = (...ids: number[]) => ids.map((i) => i.toString(16).padStart(16, '0'));

test('distinct callers of two batches count every fingerprint either listed, once', () => {
  // Before: the larger count alone, 3, while the row listed six callers' fingerprints.
  const disjoint = combineStoredEvidence({ callers: 3, callerFingerprints: fps(1, 2, 3) }, { callers: 3, callerFingerprints: fps(4, 5, 6) });
  expect([disjoint.callers, disjoint.callerFingerprints.length]).toEqual([6, 6]);
  const overlapping = combineStoredEvidence({ callers: 3, callerFingerprints: fps(1, 2, 3) }, { callers: 2, callerFingerprints: fps(2, 3) });
  expect(overlapping.callers).toBe(3);
  // A batch with more callers than it lists (capped) still counts at least what it said.
  const capped = combineStoredEvidence({ callers: 40, callerFingerprints: fps(1, 2) }, { callers: 1, callerFingerprints: fps(9) });
  expect(capped.callers).toBe(40);
});

test('bounded sets keep the smallest values of the union, whichever collector sent first: example paths, issuers, caller fingerprints', () => {
  // Stored first, five examples; another collector then sends a smaller one. Before: the set was full, `/e` was
  // dropped, and the stored examples depended on which batch came first.
  expect(unionCapped(['/a', '/b', '/c', '/d', '/z'], ['/e'], 5)).toEqual(['/a', '/b', '/c', '/d', '/e']);
  expect(unionCapped(['/e'], ['/a', '/b', '/c', '/d', '/z'], 5)).toEqual(['/a', '/b', '/c', '/d', '/e']);
  const a = { ...observation('2026-12-06T05:00:00.000Z', '2026-12-06T05:00:00.000Z'), examplePaths: ['/x/1', '/x/2', '/x/3', '/x/4', '/x/9'] };
  const b = { ...observation('2026-12-06T05:00:00.000Z', '2026-12-06T05:00:00.000Z'), examplePaths: ['/x/5'] };
  expect(foldObservations(a, b).examplePaths).toEqual(foldObservations(b, a).examplePaths);
  const stored = combineStoredEvidence({ callerFingerprints: Array.from({ length: 50 }, (_, i) => `fp${String(i + 10).padStart(3, '0')}`) }, { callerFingerprints: ['fp000'] });
  expect(stored.callerFingerprints[0]).toBe('fp000');
  expect(stored.callerFingerprints).toHaveLength(50);
});

test('JWT audiences are a bounded union across batches and stored rows; rows from before 6 Dec have none', () => {
  const a = observation('2026-12-06T05:00:00Z', '2026-12-06T05:00:00Z');
  const b = observation('2026-12-06T06:00:00Z', '2026-12-06T06:00:00Z');
  a.evidence.jwtAudiences = ['orders'];
  b.evidence.jwtAudiences = ['billing', 'orders'];
  expect(foldObservations(a, b).evidence.jwtAudiences).toEqual(['billing', 'orders']);
  expect(combineStoredEvidence({ jwtIssuers: [] }, { jwtAudiences: ['orders'] }).jwtAudiences).toEqual(['orders']);
  expect('jwtAudiences' in combineStoredEvidence({}, {})).toBe(false);
});

test("each token's scope set is a bounded union across batches; absent when neither side has one", () => {
  expect(combineStoredEvidence({ scopeSets: ['read'] }, { scopeSets: ['read write', 'read'] }).scopeSets).toEqual(['read', 'read write']);
  expect(combineStoredEvidence({ scopesSeen: ['read'] }, {}).scopeSets).toBeUndefined();
});

test('latencies of two observations of one endpoint are summed, and one without latencies leaves the other as it is', () => {
  const t = '2026-12-06T05:00:00.000Z';
  const timed = (ms: number) => {
    const o = observation(t, t);
    return { ...o, evidence: { ...o.evidence, latency: { count: 1, sumUs: ms * 1000, maxUs: ms * 1000, buckets: { [String(latencyBucket(ms))]: 1 } } } };
  };
  expect(foldObservations(timed(10), timed(300)).evidence.latency).toEqual({ count: 2, sumUs: 310_000, maxUs: 300_000, buckets: { '27': 1, '47': 1 } });
  expect(foldObservations(observation(t, t), timed(10)).evidence.latency).toEqual(timed(10).evidence.latency);
  expect(foldObservations(timed(10), observation(t, t)).evidence.latency).toEqual(timed(10).evidence.latency);
  expect(foldObservations(observation(t, t), observation(t, t)).evidence).not.toHaveProperty('latency');
  // More latencies than requests: a forged batch.
  expect(endpointObservationSchema.safeParse({ ...timed(10), evidence: { ...timed(10).evidence, requests: 0 }, daily: {} }).error?.issues.map((i) => i.path.join('.'))).toEqual(['evidence.latency.count']);
});
