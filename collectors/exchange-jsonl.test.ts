import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { Exchange } from '../lib/exchange';
import { readExchangeJsonl } from './exchange-jsonl';

test('an exchange record whose path carries its query (another tool wrote it) is read without the query', async () => {
  // `path` is the path without the query string; a record that breaks that rule would put `?api_key=…` into the
  // endpoint's template and example paths, stored and exported.
  const file = join(mkdtempSync(join(tmpdir(), 'lantern-jsonl-')), 'exchanges.jsonl');
  const base = { ts: '2026-01-02T03:04:05Z', method: 'GET', host: 'api.test', status: 200 };
  writeFileSync(file, [
    { ...base, path: '/v1/items?api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc&page=2' },
    { ...base, path: '/v1/items#access_token=Zx81Kq' },
    { ...base, path: '/v1/items/7' },
  ].map((r) => JSON.stringify(r)).join('\n'));
  const records: Exchange[] = [];
  const report = await readExchangeJsonl([file], (ex) => records.push(ex));
  expect(report.stats).toEqual({ files: 1, lines: 3, malformed: 0 });
  expect(records.map((r) => r.path)).toEqual(['/v1/items', '/v1/items', '/v1/items/7']);
});
