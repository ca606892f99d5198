import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { queryParamNames, splitRequestTarget } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../require';
import { runExtract } from './logs-cli';

/**
 * Every log in ../shared/fixtures/logs/ with a reference parse (transcribed from Filebeat's expected
 * output) must give the same method, path and status on every line through `bin/lantern extract`.
 * The reference keeps the query in the URL; a record keeps the path and the parameter names.
 */
const LOGS = join(SHARED_FIXTURES, 'logs');
const references = readdirSync(LOGS).filter((f) => f.endsWith('.reference.tsv'));

test('the shared fixtures hold reference parses to check against', () => {
  expect(references.length).toBeGreaterThanOrEqual(2);
});

describe.each(references)('%s', (reference) => {
  const rows = readFileSync(join(LOGS, reference), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'))
    .map((l) => {
      const [line, method, url, status] = l.split('\t');
      return { line: Number(line), method, url, status: status === '' ? undefined : Number(status) };
    });
  const log = join(LOGS, reference.replace('.reference.tsv', '.log'));
  const { records, stderr, status } = runExtract([log]);

  test('extract reads every line, none malformed', () => {
    expect(status).toBe(0);
    expect(stderr).toContain(`exchanges ${rows.length}, lines ${rows.length}, malformed 0`);
    expect(records.map((r) => r.source?.line)).toEqual(rows.map((r) => r.line));
  });

  test.each(rows)('line $line: $method $url $status', (row) => {
    const record = records.find((r) => r.source?.line === row.line);
    expect(record).toBeDefined();
    const { path, rawQuery } = splitRequestTarget(row.url ?? '');
    const names = queryParamNames(rawQuery);
    expect({ method: record!.method, path: record!.path, query: record!.query, status: record!.status }).toEqual({
      method: row.method === '' ? undefined : row.method,
      path: row.url === '' ? undefined : path,
      query: names.length > 0 ? names : undefined,
      status: row.status,
    });
  });
});
