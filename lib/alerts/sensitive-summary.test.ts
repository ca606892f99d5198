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

test('a tag seen in a path and in a body too is said to be returned as well as carried', () => {
  // Before: `GET api.test/users/{email} carries email in its path without authentication`, though the response had
  // shown an e-mail address too (where a tag was seen was kept per tag, not per place).
  const ev = new EvidenceAccumulator();
  ev.add({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path: '/users/jane@example.com', status: 200, sensitive: ['email'] });
  const snap = ev.snapshot();
  expect([snap.sensitive, snap.sensitiveInPath, snap.sensitiveInBody]).toEqual([['email'], ['email'], ['email']]);
  expect(sensitiveUnauthenticatedSummary(LABEL, snap.sensitive, snap.sensitiveInPath, snap.sensitiveInBody)).toBe(
    'GET api.test/users/{email} returns email and carries email in its path without authentication',
  );
  // A body that showed none: carried only. A row stored before 7 Dec says nothing of bodies: as before.
  const pathOnly = new EvidenceAccumulator();
  pathOnly.add({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method: 'GET', path: '/users/jane@example.com', status: 200, sensitive: ['phone'] });
  expect(sensitiveUnauthenticatedSummary(LABEL, pathOnly.snapshot().sensitive, pathOnly.snapshot().sensitiveInPath, pathOnly.snapshot().sensitiveInBody)).toBe(
    'GET api.test/users/{email} returns phone and carries email in its path without authentication',
  );
  expect(sensitiveUnauthenticatedSummary(LABEL, ['email'], ['email'])).toBe('GET api.test/users/{email} carries email in its path without authentication');
  // Batches merged, on the server as in the engine: a body in one batch, the path in another.
  expect(combineStoredEvidence({ sensitiveInPath: ['email'] }, { sensitiveInBody: ['email'] }).sensitiveInBody).toEqual(['email']);
  expect(combineStoredEvidence({}, {}).sensitiveInBody).toBeUndefined();
  const merged = new EvidenceAccumulator();
  merged.merge(ev);
  expect(merged.snapshot().sensitiveInBody).toEqual(['email']);
});
