import { expect, test } from 'vitest';
import { inferParamName, isFormerItemName } from './param-names';

const HEX: ReadonlySet<string> = new Set(['hex']);

test('a hash after a collection is named after it, as an integer or a UUID there is', () => {
  // Before: `{hash}` whatever came before, where `/commits/42` beside it was `{commitId}`.
  expect(['commits', 'Accounts', 'trees', 'blobs'].map((c) => inferParamName(c, HEX))).toEqual(['commitId', 'accountId', 'treeId', 'blobId']);
  expect(inferParamName('commits', new Set(['uuid']))).toBe('commitId');
  // With no collection before it, the type still names it.
  expect([inferParamName(undefined, HEX), inferParamName('v1', HEX), inferParamName('api', HEX), inferParamName('PROJ-123', HEX)]).toEqual(['hash', 'hash', 'hash', 'hash']);
  // Dates, addresses and versions keep their type's name: it says more than the collection's.
  expect(inferParamName('reports', new Set(['date']))).toBe('date');
  // A `{hash}` an older release stored after a collection is named as today (stored-template.ts).
  expect([isFormerItemName('commits', 'hash'), isFormerItemName('v1', 'hash'), isFormerItemName('commits', 'commitId')]).toEqual([true, false, false]);
});
