import { UNKNOWN_HOST } from '../inventory/unknown-host';
import { isCredentialHost } from '../security/secret-shape';
import { db } from './client';
import { foldEndpoints } from './endpoint-fold';
import { reclassifyEndpoints } from './reclassify';
import type { Tx } from './spec-catalog';
import { lockForInventoryWrite } from './write-lock';
import { formatCount } from '../format-count';

/**
 * Until 6 Dec a JWT captured by HAProxy (`capture request header X-Access-Token`) or standing in lighttpd's vhost
 * column was taken for the host (collectors/logs/exchange-fields.ts isHostNameLike), so rows were stored under the
 * token, lower-cased: listed, searched, exported and named in alerts with its claims readable. Today's readers give
 * that traffic no host, and the server's door does the same to an older collector's batch (lib/inventory/observation.ts);
 * this moves stored rows to `unknown-host`, folded into the row already there (same method and template), with their
 * alerts relabelled and the audit events naming them (a triage's `GET <host>/path`) rewritten, reclassified as a
 * host-less row is, and audited by count (the host is what must not be kept).
 */
export async function rehostCredentialHosts(): Promise<{ changed: number }> {
  // Distinct hosts are few; the rows under a credential host fewer still.
  const hosts = (await db().endpoint.findMany({ distinct: ['host'], select: { host: true } })).map((r) => r.host).filter(isCredentialHost);
  if (hosts.length === 0) return { changed: 0 };
  const changed = await db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      const rows = await tx.endpoint.findMany({ where: { host: { in: hosts } }, orderBy: { id: 'asc' } });
      const touched = new Set<string>();
      for (const row of rows) {
        const twin = await tx.endpoint.findUnique({ where: { host_method_pathTemplate: { host: UNKNOWN_HOST, method: row.method, pathTemplate: row.pathTemplate } } });
        await relabelAlerts(tx, row.id, row.host);
        if (twin) await foldEndpoints(tx, twin, [row], twin.pathTemplate);
        else await tx.endpoint.update({ where: { id: row.id }, data: { host: UNKNOWN_HOST } });
        touched.add(twin?.id ?? row.id);
      }
      for (const host of hosts) await redactAuditSummaries(tx, host);
      await reclassifyEndpoints({ endpointIds: [...touched] }, 'system', 'stored hosts', { tx });
      await tx.auditEvent.create({
        data: { actor: 'system', action: 'endpoints.rehost', targetType: 'endpoint', summary: `stored hosts: ${formatCount(rows.length)} endpoint(s) whose host was a credential moved to ${UNKNOWN_HOST}` },
      });
      return rows.length;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return { changed };
}

/** Alerts name the endpoint by its host (summary and payload), and an undelivered one would still send the token. */
async function relabelAlerts(tx: Tx, endpointId: string, host: string): Promise<void> {
  const alerts = await tx.alert.findMany({ where: { endpointId }, select: { id: true, summary: true, payload: true } });
  for (const a of alerts) {
    const payload = a.payload as { host?: string } | null;
    await tx.alert.update({
      where: { id: a.id },
      data: { summary: a.summary.split(host).join(UNKNOWN_HOST), ...(payload?.host === host ? { payload: { ...payload, host: UNKNOWN_HOST } } : {}) },
    });
  }
}

async function redactAuditSummaries(tx: Tx, host: string): Promise<void> {
  const events = await tx.auditEvent.findMany({ where: { summary: { contains: host } }, select: { id: true, summary: true } });
  for (const e of events) await tx.auditEvent.update({ where: { id: e.id }, data: { summary: e.summary.split(host).join(UNKNOWN_HOST) } });
}
