import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { sqlitePath } from '../../lib/db/database-url';
import { databaseAvailable, useFreshDatabase } from '../db-harness';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/**
 * `lantern ingest` into the SQLite file a running `lantern serve` writes too (the default deployment with a cron
 * job beside it). While the other process held the write lock for longer than SQLite waits (15 s: a big batch being
 * classified, a retention roll-up), the run ended with exit 1 and Prisma's bare 'Operation has timed out'. It now says
 * what it waits for and waits, as --follow does. The lock is released when the run says it waits: no timing.
 */
describe.skipIf(!databaseAvailable('sqlite'))('a one-shot ingest beside another SQLite writer', () => {
  let url: string;
  beforeAll(async () => {
    url = await useFreshDatabase('sqlite');
  });
  afterAll(() => disconnectDb());

  test('waits for the write lock another process holds, saying so, then counts its lines', async () => {
    const log = join(process.env.LANTERN_DATA_DIR!, 'access.log');
    writeFileSync(log, Array.from({ length: 3 }, (_, i) => `10.0.0.1 - - [06/Dec/2026:05:00:0${i} +0000] "GET /busy/items HTTP/1.1" 200 9 "-" "curl/8"\n`).join(''));
    const other = new Database(sqlitePath(url));
    other.exec('BEGIN IMMEDIATE');
    const child = spawn(LANTERN, ['ingest', log, '--host', 'busy.test', '--name', 'cron'], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const waiting = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('retrying in')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await Promise.race([waiting, exited]);
    other.exec('COMMIT');
    other.close();
    expect(await exited).toBe(0);
    expect(stderr).toContain('lantern: database: locked by another process writing to it (lantern serve, another ingest) for longer than SQLite waits; retrying in');
    const row = await db().endpoint.findFirstOrThrow({ where: { host: 'busy.test' }, select: { pathTemplate: true, requestCount: true } });
    expect(row).toEqual({ pathTemplate: '/busy/items', requestCount: 3n });
  }, 120_000);

  test('a command that does not wait says the database is locked by another writer, not that an operation timed out', async () => {
    const other = new Database(sqlitePath(url));
    other.exec('BEGIN IMMEDIATE');
    const child = spawn(LANTERN, ['token', 'create', '--name', 'ci', '--scope', 'read'], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    other.exec('ROLLBACK');
    other.close();
    expect([code, stderr]).toEqual([1, 'lantern token create: database: locked by another process writing to it (lantern serve, another ingest) for longer than SQLite waits\n']);
  }, 120_000);
});
