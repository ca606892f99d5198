import { execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { countedRequests } from './sqlite-inventory';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const NAMES = ['ann', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor'];

const line = (path: string, second: number) => `10.0.0.1 - - [04/Dec/2026:10:00:${String(second).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 12 "-" "curl/8"\n`;

/**
 * A quiet log followed by `ingest --follow`: every chunk holds three member names, a numeric order ID and the
 * caller's own profile, so no chunk alone has enough values to make `/members/{memberId}`. Before 4 Dec (sixth
 * session) each chunk was templated alone and the inventory kept one literal endpoint per member for good.
 */
test('ingest --follow of a quiet log: members become one template, the busy /members/me stays, totals exact', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-quiet-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  await run(LANTERN, ['migrate'], { env });
  const log = join(work, 'access.log');
  writeFileSync(log, '');
  const child = spawn(LANTERN, ['ingest', log, '--follow', '--host', 'shop.test', '--state-dir', join(work, 'state')], { env, stdio: 'ignore' });
  const counted = () => countedRequests(join(work, 'lantern.db'));
  let written = 0;
  try {
    for (let round = 0; round < 6; round++) {
      let chunk = '';
      for (let k = 0; k < 3; k++) {
        chunk += line(`/members/${NAMES[round * 3 + k]}`, round) + line(`/orders/${1000 + round * 3 + k}`, round) + line('/members/me', round);
      }
      appendFileSync(log, chunk);
      written += 9;
      // Each round is its own chunk: the next is written once this one is counted.
      const deadline = Date.now() + 30_000;
      while (counted() < written && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(counted()).toBe(written);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  const conn = new Database(join(work, 'lantern.db'), { readonly: true });
  const rows = conn.prepare('SELECT method, pathTemplate, requestCount FROM Endpoint').all() as { method: string; pathTemplate: string; requestCount: number }[];
  conn.close();
  expect(rows.map((r) => `${r.method} ${r.pathTemplate} ${r.requestCount}`).sort()).toEqual(['GET /members/me 18', 'GET /members/{memberId} 18', 'GET /orders/{orderId} 18']);
}, 120_000);
