import { expect, test } from 'vitest';
import { combineStoredEvidence } from './merge-evidence';

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
