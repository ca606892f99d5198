import { expect, test } from 'vitest';
import type { ExtractReport } from '../../collectors/extract-types';
import { collectorKind } from './run-totals';

const report = (stats: Record<string, number>) => ({ stats }) as unknown as ExtractReport;

test('a HAR or a JSON export alone is a log collector, as lines are; packets a capture one; both mixed', () => {
  // Until 6 Dec a HAR alone (documents, no lines, no packets) made its collector `mixed` on the Collectors page.
  expect(collectorKind(report({ exchanges: 4, lines: 0, documents: 1 }))).toBe('log');
  expect(collectorKind(report({ exchanges: 4, lines: 12 }))).toBe('log');
  expect(collectorKind(report({ exchanges: 4, packets: 655 }))).toBe('pcap');
  expect(collectorKind(report({ exchanges: 4, packets: 655, documents: 1 }))).toBe('mixed');
});
