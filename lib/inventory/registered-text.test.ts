import { expect, test } from 'vitest';
import { registeredText } from './registered-text';

test('the Specs page says what a registration did, its count formatted as every count on the dashboard', () => {
  // Before: "Registered version 2: 12500 endpoint(s) reclassified." beside counts written 12,500 everywhere else.
  const many = Array.from({ length: 12_500 }, () => ({}));
  expect(registeredText({ status: 'created', spec: { version: '2' }, reclassified: many })).toBe('Registered version 2: 12,500 endpoint(s) reclassified.');
  expect(registeredText({ status: 'restored', spec: { version: '1' }, reclassified: [] })).toBe('Restored version 1 as current: 0 endpoint(s) reclassified.');
  expect(registeredText({ status: 'unchanged', spec: { version: '3' }, reclassified: [{}] })).toBe('Version 3 already has this text and is current: nothing registered, 1 endpoint(s) reclassified.');
});
