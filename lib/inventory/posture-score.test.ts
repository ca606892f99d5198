import { expect, test } from 'vitest';
import { postureScore } from './posture-score';

const clean = { hasOwner: true, shadowEndpoints: 0, zombieEndpoints: 0, unauthenticatedOnSecured: 0, securedAndObserved: 3, sensitiveUnauthenticated: 0, cleartextEndpoints: 0, operationsTotal: 5, operationsSeen: 4 };

test('a clean API scores 100 and says why', () => {
  expect(postureScore(clean)).toEqual({
    score: 100,
    lines: [
      { rule: 'auth-observed', points: 0, explanation: '3 endpoint(s) require auth and every observed call carried credentials' },
      { rule: 'coverage', points: 0, explanation: '4 of 5 documented operations seen in traffic' },
    ],
  });
});

test('every lost point is explained, deductions are capped per rule, the score never goes below 0', () => {
  const r = postureScore({ ...clean, hasOwner: false, shadowEndpoints: 9, zombieEndpoints: 1, unauthenticatedOnSecured: 1, sensitiveUnauthenticated: 3 });
  expect(r.lines.filter((l) => l.points < 0).map((l) => [l.rule, l.points])).toEqual([
    ['owner', -10], ['unauthenticated-2xx', -15], ['sensitive-exposure', -40], ['zombie', -10], ['shadow', -25],
  ]);
  expect(r.score).toBe(0);
  expect(postureScore({ ...clean, shadowEndpoints: 2 }).score).toBe(90);
});
