import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { countedRequests, sqliteNumber } from './sqlite-inventory';
import { writeApiCapture } from '../gen/pcap/write-capture';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

function logLines(from: number, n: number): string {
  let out = '';
  for (let i = from; i < from + n; i++) {
    out += `10.1.0.${i % 250} - - [23/Nov/2026:11:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000] "GET /tail${i % 30}/rows HTTP/1.1" 200 64 "-" "curl/8.5"\n`;
  }
  return out;
}

/**
 * A capture directory and a live log followed together by one `ingest --follow`, killed with SIGKILL at
 * seeded moments (mid-capture-file included) while the log keeps growing and its reader keeps saving
 * checkpoints. Each reader's checkpoint must cover only what that reader made durable: the totals are exact.
 */
test('ingest --follow of a capture directory and a growing log survives repeated SIGKILL with exact totals', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-kill-'));
  const dir = join(work, 'captures');
  mkdirSync(dir);
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  await run(LANTERN, ['migrate'], { env });

  let expected = 0;
  const past = new Date(Date.now() - 60_000);
  for (let i = 1; i <= 4; i++) {
    const file = join(dir, `cap-${i}.pcap`);
    expected += writeApiCapture(file, { seed: i, exchanges: 12_000, connections: 16 }).exchanges;
    utimesSync(file, past, past);
  }
  // The newest file is still "being written" by tcpdump: never read.
  writeApiCapture(join(dir, 'cap-5.pcap'), { seed: 5, exchanges: 10 });
  const log = join(work, 'access.log');
  writeFileSync(log, logLines(0, 500));
  let written = 500;
  expected += 500;

  const start = (): ChildProcess =>
    spawn(LANTERN, ['ingest', dir, log, '--follow', '--host', 'tail.test', '--state-dir', join(work, 'state')], { env, stdio: 'ignore' });
  const counted = () => countedRequests(join(work, 'lantern.db'));
  const grow = setInterval(() => {
    appendFileSync(log, logLines(written, 40));
    written += 40;
    expected += 40;
  }, 150);

  try {
    // Seeded kill points: early (startup, first file), mid-stream, late.
    for (const ms of [2500, 3300, 4100, 2900, 3700]) {
      const child = start();
      await new Promise((r) => setTimeout(r, ms));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    clearInterval(grow);
  }
  const child = start();
  const deadline = Date.now() + 120_000;
  while (counted() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
  await new Promise((r) => setTimeout(r, 2000)); // a double count would land by now
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const conn = new Database(join(work, 'lantern.db'), { readonly: true });
  const byHost = conn.prepare('SELECT host, SUM(requestCount) AS n FROM Endpoint GROUP BY host').all();
  conn.close();
  expect(counted(), JSON.stringify({ byHost, written })).toBe(expected);
}, 240_000);

test('extract --follow into a file, killed mid-capture and restarted: every exchange written exactly once', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-extract-kill-'));
  const dir = join(work, 'captures');
  mkdirSync(dir);
  const past = new Date(Date.now() - 60_000);
  for (let i = 1; i <= 3; i++) {
    const file = join(dir, `cap-${i}.pcap`);
    writeApiCapture(file, { seed: 10 + i, exchanges: 15_000, connections: 16 });
    utimesSync(file, past, past);
  }
  writeApiCapture(join(dir, 'cap-4.pcap'), { seed: 14, exchanges: 10 });
  const env = { ...process.env, LANTERN_FINGERPRINT_KEY: 'follow-kill-test-key-0123' };
  const reference = (await run(LANTERN, ['extract', join(dir, 'cap-1.pcap'), join(dir, 'cap-2.pcap'), join(dir, 'cap-3.pcap')], { env, maxBuffer: 1 << 30 })).stdout;
  const outFile = join(work, 'out.jsonl');
  writeFileSync(outFile, '');
  const start = () => {
    const out = openSync(outFile, 'a');
    const child = spawn(LANTERN, ['extract', dir, '--follow', '--state-dir', join(work, 'state')], { env, stdio: ['ignore', out, 'ignore'] });
    closeSync(out);
    return child;
  };
  for (const ms of [2200, 2900, 3600]) {
    const child = start();
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  const child = start();
  const want = reference.split('\n').filter(Boolean).length;
  const lines = () => readFileSync(outFile, 'utf8').split('\n').filter(Boolean);
  const deadline = Date.now() + 120_000;
  while (lines().length < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const got = lines();
  expect(got.length).toBe(want);
  expect(got.sort()).toEqual(reference.split('\n').filter(Boolean).sort());
}, 240_000);

/**
 * A backlog of many 1 MiB chunks: before 4 Dec (sixth session) each chunk was a batch (400 000 lines took 97 s,
 * every batch rewriting each endpoint it named); chunks are now held until the reader is idle, the checkpoint
 * written with them. Killed during the catch-up at seeded moments, the totals stay exact.
 */
test('ingest --follow of a backlog: chunks coalesce into few batches, and kills during the catch-up lose and double nothing', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lantern-follow-backlog-'));
  const env = { ...process.env, DATABASE_URL: `file:${join(work, 'lantern.db')}`, LANTERN_DATA_DIR: work, LANTERN_DEMO: '0' };
  await run(LANTERN, ['migrate'], { env });
  const log = join(work, 'access.log');
  const LINES = 60_000; // ~8 MiB: eight chunks
  writeFileSync(log, logLines(0, LINES));
  const start = () => spawn(LANTERN, ['ingest', log, '--follow', '--host', 'tail.test', '--state-dir', join(work, 'state')], { env, stdio: 'ignore' });
  const counted = () => countedRequests(join(work, 'lantern.db'));
  const batches = () => sqliteNumber(join(work, 'lantern.db'), "SELECT COUNT(*) AS n FROM IngestBatch WHERE idempotencyKey NOT LIKE 's-%'");
  for (const ms of [900, 1300]) {
    const child = start();
    await new Promise((r) => setTimeout(r, ms));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }
  const child = start();
  const deadline = Date.now() + 120_000;
  while (counted() < LINES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  await new Promise((r) => setTimeout(r, 1500)); // a double count would land by now
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  expect(counted()).toBe(LINES);
  // Eight chunks per complete read; at most three reads (two killed) made batches.
  expect(batches()).toBeLessThanOrEqual(3);
}, 180_000);
