import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { countedRequests } from './sqlite-inventory';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

const lines = (path: string, n: number) =>
  Array.from({ length: n }, (_, i) => `10.0.0.1 - - [04/Dec/2026:10:00:${String(i % 60).padStart(2, '0')} +0000] "GET ${path} HTTP/1.1" 200 12 "-" "curl/8"\n`).join('');

async function waitForCount(db: string, n: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (countedRequests(db) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(countedRequests(db)).toBe(n);
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** `ingest --follow /var/log/nginx/` as an SRE runs it: before, the directory was taken for captures and nothing counted. */
test('ingest --follow of a directory of logs counts each line once, through a rotation with compression and a restart', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-ingest-follow-dir-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  const db = join(work, 'lantern.db');
  await run(LANTERN, ['migrate'], { env });
  const dir = join(work, 'nginx');
  mkdirSync(dir);
  const log = join(dir, 'access.log');
  writeFileSync(`${log}.1`, lines('/health', 5));
  writeFileSync(log, lines('/orders', 7));
  const args = ['ingest', dir, '--follow', '--host', 'shop.test', '--state-dir', join(work, 'state')];
  let child = spawn(LANTERN, args, { env, stdio: 'ignore' });
  try {
    await waitForCount(db, 12);
    writeFileSync(join(dir, 'api.log'), lines('/users', 3));
    await waitForCount(db, 15);
  } finally {
    await stop(child);
  }
  // While it is down: logrotate with compress; access.log's lines, already counted, now live in access.log.1.gz.
  appendFileSync(log, lines('/orders', 2));
  writeFileSync(`${log}.2.gz`, gzipSync(readFileSync(`${log}.1`)));
  rmSync(`${log}.1`);
  renameSync(log, `${log}.1`);
  writeFileSync(`${log}.1.gz`, gzipSync(readFileSync(`${log}.1`)));
  rmSync(`${log}.1`);
  writeFileSync(log, lines('/orders', 4));
  child = spawn(LANTERN, args, { env, stdio: 'ignore' });
  try {
    await waitForCount(db, 21);
    appendFileSync(join(dir, 'api.log'), lines('/users', 1));
    // The last line is counted only after everything before it: nothing is counted twice on the way.
    await waitForCount(db, 22);
  } finally {
    await stop(child);
  }
}, 120_000);
