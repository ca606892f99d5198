import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { resetEnvCache } from '../../lib/env';
import { databaseAvailable } from '../db-harness';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/** An empty database, not migrated: what a first deploy of several replicas finds. */
async function emptyPostgresDatabase(): Promise<string> {
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.LANTERN_TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(process.env.LANTERN_TEST_PG_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Replicas of `lantern serve` may start together on one empty PostgreSQL database (README, Scaling out). Migrations
 * took a lock, but the admin bootstrap and the demo seed did not: both replicas found no admin and no endpoint, one
 * died on the admin's unique e-mail (after printing a password that was never stored), and two that got through
 * both seeded the demo, its traffic counted twice. --no-build with a stand-in build skips the dashboard build, and
 * a port Next refuses (1, 7, 9: reserved) stops each replica right after its start-up writes, at `next start`. Each its
 * own: serve first asks whether its PORT is free by listening on it a moment, and with one port for all three a
 * replica asking while another did was told "in use" and stopped before anything (failed once under load, 7 Dec).
 */
describe.skipIf(!databaseAvailable('postgres'))('three serve replicas starting together on one empty PostgreSQL database', () => {
  afterAll(() => disconnectDb());

  test('all start; one admin, its password printed by the replica that stored it; the demo seeded once', async () => {
    const url = await emptyPostgresDatabase();
    const replica = async (port: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'lantern-replica-'));
      mkdirSync(join(dir, '.next'));
      writeFileSync(join(dir, '.next', 'BUILD_ID'), 'fake');
      // No LANTERN_ADMIN_PASSWORD: each replica that creates the admin prints the password it generated.
      const env = { ...process.env, LANTERN_TEST_NEXT_DIR: join(dir, '.next'), LANTERN_DATA_DIR: dir, DATABASE_URL: url, PORT: String(port), NEXTAUTH_SECRET: 'replica-secret-replica-secret', LANTERN_ADMIN_PASSWORD: undefined };
      return run(LANTERN, ['serve', '--no-build'], { env }).then(
        (r) => r.stdout,
        (e: { stdout: string }) => e.stdout,
      );
    };
    const ports = [1, 7, 9];
    const outputs = await Promise.all(ports.map(replica));
    ports.forEach((port, i) => expect(outputs[i]).toContain(`lantern: serving on http://localhost:${port}\n`));
    const printed = outputs.flatMap((out) => [...out.matchAll(/password: +(\S+)/g)].map((m) => m[1]));
    expect(printed).toHaveLength(1);
    expect(outputs.filter((out) => out.includes('seeded the demo estate'))).toHaveLength(1);

    process.env.DATABASE_URL = url;
    resetEnvCache();
    expect(await db().user.count({ where: { role: 'admin' } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: 'demo.seed' } })).toBe(1);
    // Every exchange the one seed generated is counted once.
    const seeded = await db().auditEvent.findFirstOrThrow({ where: { action: 'demo.seed' } });
    const exchanges = Number(/from ([\d,]+) generated exchanges/.exec(seeded.summary)![1].replaceAll(',', ''));
    const requests = await db().endpoint.aggregate({ _sum: { requestCount: true } });
    expect(requests._sum.requestCount).toBe(BigInt(exchanges));
  }, 180_000);
});
