import { expect, test } from 'vitest';
import { registeredText } from './registered-text';

test('the Specs page says what a registration did, its count formatted as every count on the dashboard', () => {
  // Before: "Registered version 2: 12500 endpoint(s) reclassified." beside counts written 12,500 everywhere else.
  const many = Array.from({ length: 12_500 }, () => ({}));
  expect(registeredText({ status: 'created', spec: { version: '2' }, reclassified: many })).toBe('Registered version 2: 12,500 endpoint(s) reclassified.');
  expect(registeredText({ status: 'restored', spec: { version: '1' }, reclassified: [] })).toBe('Restored version 1, identical to this text, as current: 0 endpoint(s) reclassified.');
  expect(registeredText({ status: 'unchanged', spec: { version: '3' }, reclassified: [{}] })).toBe('Version 3 already has this text and is current: nothing registered, 1 endpoint(s) reclassified.');
});

test('a version label typed for text another version has is said to be unused, and which label is kept', () => {
  // Before: "Restored version 1 as current" for `3` typed in the Version label, the label dropped without a word.
  expect(registeredText({ status: 'restored', spec: { version: '1' }, reclassified: [] }, '3')).toBe('Restored version 1, identical to this text, as current (kept as 1: label 3 not used): 0 endpoint(s) reclassified.');
  expect(registeredText({ status: 'unchanged', spec: { version: '1' }, reclassified: [] }, '2')).toBe('Version 1 already has this text and is current: nothing registered (kept as 1: label 2 not used), 0 endpoint(s) reclassified.');
  // The same label, or none typed (the spec's info.version), says nothing more.
  expect(registeredText({ status: 'restored', spec: { version: '1' }, reclassified: [] }, '1')).toBe('Restored version 1, identical to this text, as current: 0 endpoint(s) reclassified.');
  expect(registeredText({ status: 'created', spec: { version: '4' }, reclassified: [] }, '')).toBe('Registered version 4: 0 endpoint(s) reclassified.');
});

test("a new text registered under a new label, its info.version being another version's, says so", () => {
  expect(registeredText({ status: 'created', spec: { version: '1+r3' }, reclassified: [], labelInUse: '1' })).toBe("Registered version 1+r3 (info.version 1 is another version's label, with other content): 0 endpoint(s) reclassified.");
});
