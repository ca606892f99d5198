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
 * alerts relabelled, reclassified as a host-less row is, and audited by count (the host is what must not be kept); a
 * triage's audit event naming one (`GET <host>/path`) is rewritten by lib/db/stored-audit-paths.ts.
 */
export async function rehostCredentialHosts(): Promise<{ changed: number }> {
  // Distinct hosts are few, but every token taken for a host is one (a row per caller and path): in chunks, each row
  // page in its own transaction under the inventory write lock, as the other passes page (lib/db/endpoint-pages.ts).
  const hosts = (await db().endpoint.findMany({ distinct: ['host'], select: { host: true } })).map((r) => r.host).filter(isCredentialHost);
  let changed = 0;
  for (let i = 0; i < hosts.length; i += PAGE) {
    const chunk = hosts.slice(i, i + PAGE);
    // Each page moves its rows off these hosts, so the next one starts where it stopped.
    let moved: number;
    do {
      moved = await rehostPage(chunk);
      changed += moved;
    } while (moved === PAGE);
  }
  if (changed > 0) {
    await db().auditEvent.create({
      data: { actor: 'system', action: 'endpoints.rehost', targetType: 'endpoint', summary: `stored hosts: ${formatCount(changed)} endpoint(s) whose host was a credential moved to ${UNKNOWN_HOST}` },
    });
  }
  return { changed };
}

const PAGE = 500;

function rehostPage(hosts: string[]): Promise<number> {
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      const rows = await tx.endpoint.findMany({ where: { host: { in: hosts } }, orderBy: { id: 'asc' }, take: PAGE });
      const touched = new Set<string>();
      for (const row of rows) {
        const twin = await tx.endpoint.findUnique({ where: { host_method_pathTemplate: { host: UNKNOWN_HOST, method: row.method, pathTemplate: row.pathTemplate } } });
        await relabelAlerts(tx, row.id, row.host);
        if (twin) await foldEndpoints(tx, twin, [row], twin.pathTemplate);
        else await tx.endpoint.update({ where: { id: row.id }, data: { host: UNKNOWN_HOST } });
        touched.add(twin?.id ?? row.id);
      }
      if (touched.size > 0) await reclassifyEndpoints({ endpointIds: [...touched] }, 'system', 'stored hosts', { tx });
      return rows.length;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
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
