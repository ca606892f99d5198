import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { disconnectDb } from '../../lib/db/client';
import { listMigrations } from '../../lib/db/migrate';
import { resetEnvCache } from '../../lib/env';
import type { DatabaseKind } from '../db-harness';

/**
 * A database as the 5 Dec morning release (7b49c98) left it: its migrations applied and recorded the way its runner
 * recorded them (same table, same checksums), nothing of later ones. Tests then write rows in that schema with SQL
 * and upgrade with the current runner, instead of checking out and running the old code (minutes, not seconds).
 */
export const LAST_OLD_MIGRATION = '20261203183000';

export function oldReleaseMigrations(kind: DatabaseKind) {
  return listMigrations(kind).filter((m) => m.name.slice(0, 14) <= LAST_OLD_MIGRATION);
}

/** Creates that database, points DATABASE_URL (and a fresh data dir) at it and returns `exec` for raw SQL on it. */
export async function useOldReleaseDatabase(kind: DatabaseKind): Promise<{ url: string; exec: (sql: string) => Promise<void>; close: () => Promise<void> }> {
  await disconnectDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-old-'));
  const migrations = oldReleaseMigrations(kind);
  let url: string;
  let exec: (sql: string) => Promise<void>;
  let close: () => Promise<void>;
  if (kind === 'sqlite') {
    const path = join(dataDir, 'lantern.db');
    url = `file:${path}`;
    const conn = new Database(path);
    conn.exec(`CREATE TABLE "_lantern_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`);
    for (const m of migrations) {
      conn.exec(m.sql);
      conn.prepare('INSERT INTO "_lantern_migrations" VALUES (?, ?, ?)').run(m.name, m.checksum, '2026-12-05T07:40:00.000Z');
    }
    exec = async (sql) => void conn.exec(sql);
    close = async () => void conn.close();
  } else {
    const admin = new pg.Client({ connectionString: process.env.LANTERN_TEST_PG_URL });
    await admin.connect();
    const name = `lantern_old_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.LANTERN_TEST_PG_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    const conn = new pg.Client({ connectionString: url });
    await conn.connect();
    await conn.query(`CREATE TABLE "_lantern_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`);
    for (const m of migrations) {
      await conn.query(m.sql);
      await conn.query('INSERT INTO "_lantern_migrations" (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
    }
    exec = async (sql) => void (await conn.query(sql));
    close = () => conn.end();
  }
  process.env.DATABASE_URL = url;
  process.env.LANTERN_DATA_DIR = dataDir;
  process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret';
  resetEnvCache();
  return { url, exec, close };
}

/** The one-operation spec the upgrade tests register: shop.example.com's GET /orders. */
export const SHOP_SPEC = `openapi: 3.0.3
info: { title: Shop, version: '1' }
servers: [{ url: 'https://shop.example.com' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
`;

/** A timestamp literal for raw SQL on either database: 10:00 UTC on `day` (YYYY-MM-DD). */
export const sqlTime = (day: string) => `'${day}T10:00:00.000+00:00'`;
