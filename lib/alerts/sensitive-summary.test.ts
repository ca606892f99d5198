import { expect, test } from 'vitest';
import { EvidenceAccumulator } from '../discovery/evidence';
import { combineStoredEvidence } from '../inventory/merge-evidence';
import { sensitiveUnauthenticatedSummary } from './sensitive-summary';

const LABEL = 'GET api.test/users/{email}';

test('an alert says a tag seen in the path is carried in the path, and returns only what a body showed', () => {
  // Before: `GET api.test/users/{email} returns email without authentication`, the email having been the caller's own.
  const ev = new EvidenceAccumulator();
  ev.add({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path: '/users/jane@example.com', status: 200 });
  ev.add({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path: '/users/42', status: 200, sensitive: ['phone'] });
  const snap = ev.snapshot();
  expect([snap.sensitive, snap.sensitiveInPath]).toEqual([['email', 'phone'], ['email']]);
  expect(sensitiveUnauthenticatedSummary(LABEL, snap.sensitive, snap.sensitiveInPath)).toBe(
    'GET api.test/users/{email} returns phone and carries email in its path without authentication',
  );
  expect(sensitiveUnauthenticatedSummary(LABEL, ['email'], ['email'])).toBe('GET api.test/users/{email} carries email in its path without authentication');
  // A row stored before 6 Dec, or with no tag from a path: as before.
  expect(sensitiveUnauthenticatedSummary(LABEL, ['email', 'phone'])).toBe('GET api.test/users/{email} returns email, phone without authentication');
  // Stored rows keep where each tag was seen across batches.
  expect(combineStoredEvidence({ sensitiveInPath: ['email'] }, { sensitiveInPath: ['iban'] }).sensitiveInPath).toEqual(['email', 'iban']);
  expect(combineStoredEvidence({}, {}).sensitiveInPath).toBeUndefined();
});
