import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

// A custom Apache LogFormat no reader sniffs: only the format string given on the command line reads it.
const LOG = ['2026-12-01T10:00:00Z api.example.org "GET /orders/17 HTTP/1.1" 200', '2026-12-01T10:00:01Z api.example.org "POST /orders HTTP/1.1" 201', ''].join('\n');
const APACHE_FORMAT = '%{%Y-%m-%dT%H:%M:%SZ}t %v "%r" %>s';

test('ingest reads a log in a custom Apache LogFormat given with --apache-format, as extract does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-format-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  writeFileSync(join(dir, 'custom.log'), LOG);
  await run(LANTERN, ['migrate'], { env });
  await run(LANTERN, ['ingest', join(dir, 'custom.log'), '--apache-format', APACHE_FORMAT], { env });
  const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
  const rows = conn.prepare('SELECT host, method, pathTemplate, requestCount FROM Endpoint ORDER BY method').all();
  conn.close();
  expect(rows).toEqual([
    { host: 'api.example.org', method: 'GET', pathTemplate: '/orders/{orderId}', requestCount: 1 },
    { host: 'api.example.org', method: 'POST', pathTemplate: '/orders', requestCount: 1 },
  ]);
});
