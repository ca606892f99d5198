import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashApiToken } from '../../lib/auth/api-token';
import { verifyPassword } from '../../lib/auth/password';
import { listAuditEvents } from '../../lib/db/audit';
import { ensureAdmin } from '../../lib/db/bootstrap';
import { db, disconnectDb } from '../../lib/db/client';
import { sqlitePath } from '../../lib/db/database-url';
import { listEndpoints } from '../../lib/db/endpoints';
import { listMigrations, migrateDatabase } from '../../lib/db/migrate';
import { seedDemoEstate } from '../../lib/db/seed-demo';
import { createApiToken, findActiveToken, revokeApiToken } from '../../lib/db/tokens';
import { setUserRoleAndTeams } from '../../lib/db/user-admin';
import { createUser, findUserByEmail, getUserPrincipal } from '../../lib/db/users';
import { DEMO_APIS } from '../../lib/demo/demo-estate';
import { generateDemoTraffic } from '../../lib/demo/demo-traffic';
import { resetEnvCache } from '../../lib/env';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

const q = (over: Record<string, unknown> = {}) => endpointQuerySchema.parse(over);
const demoEndpointTotal = DEMO_APIS.reduce((n, a) => n + a.operations.length + a.shadow.length, 0);
const demoZombies = DEMO_APIS.reduce((n, a) => n + a.operations.filter((o) => o.deprecated).length, 0);
const demoShadows = DEMO_APIS.reduce((n, a) => n + a.shadow.length, 0);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`data layer on ${kind}`, () => {
    let url: string;
    beforeAll(async () => {
      url = await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('migrations apply once; a second run applies nothing and a changed migration is refused', async () => {
      const again = await migrateDatabase(url);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBe(listMigrations(kind).length);
      const tables = kind === 'sqlite'
        ? (new Database(sqlitePath(url)).prepare(`SELECT name FROM sqlite_master WHERE type='table'`).all() as { name: string }[]).map((r) => r.name)
        : await pgTables(url);
      for (const t of ['Team', 'User', 'Api', 'Spec', 'Operation', 'Endpoint', 'EndpointDailyStat', 'PathOverride', 'DeprecationRequest', 'Collector', 'ApiToken', 'IngestBatch', 'AuditEvent']) {
        expect(tables).toContain(t);
      }
      await tamperFirstMigrationChecksum(kind, url);
      await expect(migrateDatabase(url)).rejects.toThrow(/checksum mismatch/);
    });

    test('the admin is bootstrapped exactly once, with a bcrypt hash of the password', async () => {
      process.env.LANTERN_ADMIN_EMAIL = 'root@example.org';
      delete process.env.LANTERN_ADMIN_PASSWORD;
      resetEnvCache();
      const first = await ensureAdmin();
      expect(first?.email).toBe('root@example.org');
      expect(first?.generated).toBe(true);
      const user = await findUserByEmail('root@example.org');
      expect(user?.role).toBe('admin');
      expect(user?.passwordHash).toMatch(/^\$2[aby]\$12\$/);
      expect(user?.passwordHash).not.toContain(first!.password);
      expect(await verifyPassword(first!.password, user!.passwordHash!)).toBe(true);
      expect(await ensureAdmin()).toBeNull();
      expect(await db().user.count({ where: { role: 'admin' } })).toBe(1);
      delete process.env.LANTERN_ADMIN_EMAIL;
      resetEnvCache();
    });

    test('users carry role and team memberships; e-mail is unique case-insensitively', async () => {
      await db().team.create({ data: { slug: 'platform', name: 'Platform' } });
      const u = await createUser({ email: 'Owner@Example.org', role: 'owner', password: 'longenough', teamSlugs: ['platform'] });
      const principal = await getUserPrincipal(u.id);
      expect(principal).toMatchObject({ kind: 'user', email: 'owner@example.org', role: 'owner' });
      expect(principal?.kind === 'user' && principal.teamIds.length).toBe(1);
      await expect(createUser({ email: 'owner@example.org', role: 'viewer' })).rejects.toMatchObject({ code: 'P2002' });
      await expect(createUser({ email: 'x@example.org', role: 'viewer', teamSlugs: ['nope'] })).rejects.toThrow(/unknown team/);
      await db().user.update({ where: { id: u.id }, data: { disabledAt: new Date() } });
      expect(await getUserPrincipal(u.id)).toBeNull();
    });

    test("a user's teams are set all or none: an unknown slug names the teams there are and changes nothing", async () => {
      await db().team.create({ data: { slug: 'search', name: 'Search' } });
      const u = await createUser({ email: 'teams@example.org', role: 'owner', password: 'longenough', teamSlugs: ['platform', 'platform'] });
      const slugs = async () => (await db().membership.findMany({ where: { userId: u.id }, include: { team: true } })).map((m) => m.team.slug).sort();
      expect(await slugs()).toEqual(['platform']);
      const set = await setUserRoleAndTeams(u.id, { role: 'governance', teamSlugs: ['search', 'platform', 'search'] });
      expect([set?.before, set?.after]).toEqual([{ role: 'owner', teams: ['platform'] }, { role: 'governance', teams: ['platform', 'search'] }]);
      await expect(setUserRoleAndTeams(u.id, { role: 'viewer', teamSlugs: ['search', 'nope', 'nope'] })).rejects.toMatchObject({ missing: ['nope'], known: ['platform', 'search'] });
      expect([await slugs(), (await findUserByEmail('teams@example.org'))?.role]).toEqual([['platform', 'search'], 'governance']);
    });

    test('API tokens are stored hashed, found by hash, and dead once revoked', async () => {
      const { token, row } = await createApiToken({ name: 'collector-1', scopes: ['ingest', 'read'] });
      expect(token).toMatch(/^lt_[A-Za-z0-9_-]{43}$/);
      expect(row.hash).toBe(hashApiToken(token));
      expect(JSON.stringify(await db().apiToken.findMany())).not.toContain(token.slice(3));
      expect(await findActiveToken(hashApiToken(token))).toEqual({ id: row.id, name: 'collector-1', scopes: ['ingest', 'read'] });
      await revokeApiToken(row.id);
      expect(await findActiveToken(hashApiToken(token))).toBeNull();
    });

    test('the demo estate seeds once and the inventory filters, sorts, pages and counts it', async () => {
      const seededAt = new Date('2026-11-20T12:00:00Z');
      expect(await seedDemoEstate(seededAt)).toBe(true);
      expect(await seedDemoEstate()).toBe(false);
      // The demo goes through the real pipeline: every generated exchange is counted once, shadows raise alerts.
      const generated = generateDemoTraffic(seededAt).length;
      expect(Number((await db().endpoint.aggregate({ _sum: { requestCount: true } }))._sum.requestCount)).toBe(generated);
      expect((await db().endpointDailyStat.aggregate({ _sum: { requests: true } }))._sum.requests).toBe(BigInt(generated));
      expect(await db().alert.count({ where: { kind: 'new-shadow' } })).toBe(demoShadows);
      expect(await db().spec.count({ where: { isCurrent: true } })).toBe(DEMO_APIS.length);
      const all = await listEndpoints(q({ pageSize: 500 }));
      expect(all.total).toBe(demoEndpointTotal);
      expect(all.countsByState).toEqual({ documented: demoEndpointTotal - demoZombies - demoShadows, shadow: demoShadows, zombie: demoZombies });

      const shadows = await listEndpoints(q({ state: 'shadow', host: 'api.payments.example.com' }));
      expect(shadows.items.map((e) => `${e.method} ${e.pathTemplate}`).sort()).toEqual(['DELETE /v2/charges/{chargeId}', 'GET /v2/internal/reconcile']);
      expect(shadows.countsByState.shadow).toBe(2);
      expect(shadows.countsByState.documented).toBe(5);

      const page2 = await listEndpoints(q({ pageSize: 5, page: 2, sort: 'path', order: 'asc' }));
      const sortedPaths = all.items.map((e) => e.pathTemplate).sort();
      expect(page2.items.map((e) => e.pathTemplate)).toEqual([...sortedPaths].slice(5, 10));

      const byRequests = await listEndpoints(q({ sort: 'requests', order: 'desc', pageSize: 500 }));
      const counts = byRequests.items.map((e) => e.requestCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));

      const search = await listEndpoints(q({ q: 'reconcile' }));
      expect(search.items).toHaveLength(1);
      expect(search.items[0].api?.slug).toBe('payments');
      expect(search.items[0].ownerTeam?.slug).toBe('payments');
      expect((await listEndpoints(q({ team: 'identity' }))).total).toBe(7);
    });

    test('audit events record who did what', async () => {
      const events = await listAuditEvents();
      expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.bootstrap', 'demo.seed']));
      expect(events.find((e) => e.action === 'user.bootstrap')?.actor).toBe('system');
    });
  });
}

async function pgTables(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  await c.end();
  return rows.map((r) => r.tablename);
}

async function tamperFirstMigrationChecksum(kind: string, url: string) {
  const sql = `UPDATE "_lantern_migrations" SET checksum = 'tampered'`;
  if (kind === 'sqlite') {
    const conn = new Database(sqlitePath(url));
    conn.exec(sql);
    conn.close();
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql);
    await c.end();
  }
}
