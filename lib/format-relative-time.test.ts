import { expect, test } from 'vitest';
import { formatRelative } from './format-relative-time';

const now = Date.parse('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

test('a time that rounds up to the next unit is said in that unit: "1 hour ago", never "60 minutes ago"', () => {
  expect(formatRelative(ago(59 * 60_000 + 40_000), now)).toBe('1 hour ago');
  expect(formatRelative(ago(59_600), now)).toBe('1 minute ago');
  expect(formatRelative(ago(23 * 3_600_000 + 45 * 60_000), now)).toBe('yesterday');
});

test('otherwise the largest unit that fits, rounded', () => {
  expect(formatRelative(ago(0), now)).toBe('now');
  expect(formatRelative(ago(59_000), now)).toBe('59 seconds ago');
  expect(formatRelative(ago(59 * 60_000), now)).toBe('59 minutes ago');
  expect(formatRelative(ago(90 * 60_000), now)).toBe('2 hours ago');
  expect(formatRelative(ago(3 * 86_400_000), now)).toBe('3 days ago');
  expect(formatRelative(new Date(now + 59 * 60_000 + 40_000).toISOString(), now)).toBe('in 1 hour');
});
