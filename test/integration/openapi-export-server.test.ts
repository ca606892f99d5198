import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { listShadowEndpointsOfHost } from '../../lib/db/endpoints';
import { reconstructOpenApi } from '../../lib/exports/shadow-openapi';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/** The export's server scheme is read from stored evidence: the transports and schemes must come out of the database. */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`shadow export server on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const at = new Date('2026-12-05T08:00:00.000Z');
      const row = (host: string, pathTemplate: string, transports: Record<string, number>, schemes?: Record<string, number>) => ({ host, method: 'GET', pathTemplate, firstSeen: at, lastSeen: at, requestCount: 3, statusCounts: { '200': 3 }, authCounts: { none: 3 }, evidence: { transports, ...(schemes && { schemes }) } });
      await db().endpoint.createMany({
        data: [
          row('legacy.internal:8080', '/status', { 'http/1.1': 3 }), row('api.example.com:8080', '/a', { 'http/1.1': 2 }), row('api.example.com:8080', '/b', { tls: 1 }),
          row('shop.example.com', '/cart', { 'http/1.1': 3 }, { http: 3 }), row('shop.example.com', '/pay', { 'http/1.1': 1 }, { https: 1 }),
        ],
      });
    });
    afterAll(() => disconnectDb());

    test('plain-HTTP evidence gives an http server, one TLS endpoint on the host keeps https', async () => {
      expect(reconstructOpenApi('legacy.internal:8080', await listShadowEndpointsOfHost('legacy.internal:8080')).servers).toEqual([{ url: 'http://legacy.internal:8080' }]);
      expect(reconstructOpenApi('api.example.com:8080', await listShadowEndpointsOfHost('api.example.com:8080')).servers).toEqual([{ url: 'https://api.example.com:8080' }]);
    });

    test("the rows the inventory list leaves out (a scanner's 404s, CORS preflights) are no operations of the host's spec", async () => {
      const at = new Date('2026-12-05T08:00:00.000Z');
      await db().endpoint.createMany({
        data: [
          { host: 'probed.example.com', method: 'GET', pathTemplate: '/orders', firstSeen: at, lastSeen: at, requestCount: 3, statusCounts: { '200': 3 }, authCounts: { none: 3 }, evidence: {} },
          { host: 'probed.example.com', method: 'GET', pathTemplate: '/wp-login.php', firstSeen: at, lastSeen: at, requestCount: 9, statusCounts: { '404': 9 }, authCounts: { none: 9 }, evidence: {}, unlisted: true },
          { host: 'probed.example.com', method: 'OPTIONS', pathTemplate: '/orders', firstSeen: at, lastSeen: at, requestCount: 2, statusCounts: { '204': 2 }, authCounts: { none: 2 }, evidence: {}, unlisted: true },
        ],
      });
      const { paths } = reconstructOpenApi('probed.example.com', await listShadowEndpointsOfHost('probed.example.com')) as { paths: Record<string, object> };
      expect(Object.keys(paths)).toEqual(['/orders']);
      expect(Object.keys(paths['/orders'])).toEqual(['get']);
    });

    test('recorded schemes come out of the database: a host served both ways lists both, https first', async () => {
      expect(reconstructOpenApi('shop.example.com', await listShadowEndpointsOfHost('shop.example.com')).servers).toEqual([{ url: 'https://shop.example.com' }, { url: 'http://shop.example.com' }]);
    });
  });
}
