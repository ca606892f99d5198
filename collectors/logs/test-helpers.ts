import type { Exchange } from '../../lib/exchange';
import type { LineFormat, LineStatus } from './line-format';

/** Runs one line through a format and returns what it said and emitted (tests only). */
export function parseOne(format: LineFormat, line: string, lineNo = 1): { status: LineStatus; records: Exchange[] } {
  const records: Exchange[] = [];
  const status = format.parse(line, { file: 't.log', line: lineNo }, (ex) => records.push(ex));
  return { status, records };
}

export const TEST_KEY = 'test-fingerprint-key';
