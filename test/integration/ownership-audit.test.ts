import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as ruleRoute from '../../app/api/ownership-rules/[id]/route';
import * as rulesRoute from '../../app/api/ownership-rules/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase, type DatabaseKind } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

const HOST = 'shop.example.com';

/** Makes the audit log refuse one action, as a full disk or a lost connection would at that moment. */
async function failAuditOf(kind: DatabaseKind, action: string) {
  if (kind === 'sqlite') {
    await db().$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditEvent" WHEN NEW."action" = '${action}' BEGIN SELECT RAISE(ABORT, 'audit down'); END`);
  } else {
    await db().$executeRawUnsafe(`CREATE FUNCTION audit_down() RETURNS trigger AS $$ BEGIN IF NEW."action" = '${action}' THEN RAISE EXCEPTION 'audit down'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(`CREATE TRIGGER audit_down BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_down()`);
  }
}

async function auditWorksAgain(kind: DatabaseKind) {
  await db().$executeRawUnsafe(kind === 'sqlite' ? 'DROP TRIGGER audit_down' : 'DROP TRIGGER audit_down ON "AuditEvent"');
  if (kind === 'postgres') await db().$executeRawUnsafe('DROP FUNCTION audit_down()');
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`ownership rules and their audit events on ${kind}`, () => {
    let admin: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@shop.test', 'admin');
    });
    afterAll(() => disconnectDb());

    test('a rule whose ownership.create event cannot be written is not created', async () => {
      await failAuditOf(kind, 'ownership.create');
      try {
        const res = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/orders', team: 'shop' } });
        expect(res.status).toBe(500);
      } finally {
        await auditWorksAgain(kind);
      }
      expect(await db().ownershipRule.count({ where: { host: HOST, pathPrefix: '/orders' } })).toBe(0);
    });

    test('a rule whose ownership.delete event cannot be written is not removed', async () => {
      const created = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/carts', team: 'shop' } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      await failAuditOf(kind, 'ownership.delete');
      try {
        expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers: admin, params: { id } })).status).toBe(500);
      } finally {
        await auditWorksAgain(kind);
      }
      expect(await db().ownershipRule.count({ where: { id } })).toBe(1);
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers: admin, params: { id } })).status).toBe(204);
      const events = await db().auditEvent.findMany({ where: { targetId: id }, orderBy: { action: 'asc' } });
      expect(events.map((e) => [e.action, e.summary, e.actor])).toEqual([
        ['ownership.create', `${HOST}/carts → team shop`, expect.stringContaining('admin@shop.test')],
        ['ownership.delete', `removed ${HOST}/carts`, expect.stringContaining('admin@shop.test')],
      ]);
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers: admin, params: { id } })).status).toBe(404);
    });
  });
}
