import { auditActorLabel, type Principal } from '../auth/roles';
import type { EndpointState } from '../inventory/endpoint-query';
import { env } from '../env';
import { db } from './client';
import { lockForInventoryWrite } from './write-lock';
import { databaseKind } from './database-url';
import { loadApprovedDeprecations } from './approved-deprecations';
import { desiredEndpoint, type ClassificationContext, type DesiredEndpoint } from './endpoint-classification';
import { indexShadowTemplates } from '../inventory/shadow-templates';
import { foldEndpoints, type EndpointRow } from './endpoint-fold';
import { listStoredOverrides } from './overrides';
import { listOwnershipRules } from './ownership';
import { loadSpecCatalog, type DbClient, type Tx } from './spec-catalog';
import { formatCount } from '../format-count';
import { hostsWhere } from './hosts-where';
import { relativeServedHosts } from './relative-served-hosts';
import { isUnlisted } from '../discovery/unlisted-shadows';

/**
 * Recomputes state, operation, API, owner, findings and visibility of stored endpoints against the current specs
 * of every API, the overrides and the ownership rules, and re-keys endpoints whose template a merge override or a
 * spec renames (folding rows that become one). Nothing changed → no transaction and no audit event, so the ingest
 * pipeline can call it after every batch; otherwise every change is written in one transaction with one audit event.
 */
export type ReclassifyScope = { endpointIds?: string[]; hosts?: string[]; all?: boolean };

export interface EndpointChange {
  id: string;
  host: string;
  method: string;
  path: string;
  fromPath?: string;
  from: EndpointState;
  to: EndpointState;
  /** Rows folded into this one (they no longer exist). */
  folded?: string[];
  /** Their templates, in the same order: what the audit log names a merge by (lib/inventory/override-audit-summary.ts). */
  foldedPaths?: string[];
}

// The Prisma SQLite adapter refuses an IN list of 999 ids (P2029); 500 stays clear of its limit. PostgreSQL takes
// 65,535 parameters, and fewer round trips matter more there.
const idChunk = () => (databaseKind(env().DATABASE_URL) === 'postgres' ? 5000 : 500);
/** What the no-change check reads: enough to classify and compare, none of the bulky columns. */
const FACTS = {
  id: true, host: true, method: true, pathTemplate: true, requestCount: true, statusCounts: true, authCounts: true, sensitiveTags: true,
  evidence: true, lastSeen: true, state: true, operationId: true, apiId: true, ownerTeamId: true, ignoredById: true, findings: true,
  // At most five short paths: they decide a template a spec spells otherwise (endpoint-classification.ts documentedByExamples).
  examplePaths: true,
} as const;
type ComparedRow = Pick<EndpointRow, 'pathTemplate' | 'state' | 'operationId' | 'apiId' | 'ownerTeamId' | 'ignoredById' | 'findings'>;

export async function reclassifyEndpoints(
  scope: ReclassifyScope,
  actor: Principal | 'cli' | 'system',
  reason: string,
  opts: { now?: Date; tx?: Tx } = {},
): Promise<{ changed: EndpointChange[] }> {
  const now = opts.now ?? new Date();
  if (opts.tx) return applyReclassification(opts.tx, await pendingIds(opts.tx, scope, now), actor, reason, now);
  const pending = await pendingIds(db(), scope, now);
  if (pending.length === 0) return { changed: [] };
  return db().$transaction(
    async (tx) => {
      await lockForInventoryWrite(tx);
      // Re-read and re-decide under the lock: an ingest may have changed these rows since the check.
      return applyReclassification(tx, pending, actor, reason, now);
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}

/** Endpoints in scope whose stored classification differs from what it should be; reads only the compared columns. */
async function pendingIds(client: DbClient, scope: ReclassifyScope, now: Date): Promise<string[]> {
  const rows = await rowsInScope(client, scope, FACTS);
  const ctx = await loadContext(client, now, rows);
  return rows.filter((row) => differs(row, desiredEndpoint(row, ctx))).map((r) => r.id);
}

async function applyReclassification(tx: Tx, ids: string[], actor: Principal | 'cli' | 'system', reason: string, now: Date) {
  if (ids.length === 0) return { changed: [] };
  const rows = await rowsInScope(tx, { endpointIds: ids });
  const ctx = await loadContext(tx, now, rows);
  const changed: EndpointChange[] = [];
  const rekey = new Map<string, { target: DesiredEndpoint; rows: EndpointRow[] }>();
  const gone = new Set<string>();
  for (const row of rows) {
    const want = desiredEndpoint(row, ctx);
    if (want.pathTemplate !== row.pathTemplate) {
      const key = `${row.host}\n${row.method}\n${want.pathTemplate}`;
      const group = rekey.get(key) ?? rekey.set(key, { target: want, rows: [] }).get(key)!;
      group.rows.push(row);
    } else if (differs(row, want)) {
      await tx.endpoint.update({ where: { id: row.id }, data: fieldsOf(want, row) });
      changed.push({ id: row.id, host: row.host, method: row.method, path: row.pathTemplate, from: row.state as EndpointState, to: want.state });
    }
  }
  for (const { target, rows: group } of rekey.values()) {
    const live = group.filter((r) => !gone.has(r.id));
    if (live.length === 0) continue;
    const first = live[0];
    const existing = await tx.endpoint.findUnique({ where: { host_method_pathTemplate: { host: first.host, method: first.method, pathTemplate: target.pathTemplate } } });
    const keeper = existing ?? [...live].sort((a, b) => a.firstSeen.getTime() - b.firstSeen.getTime())[0];
    const sources = live.filter((r) => r.id !== keeper.id);
    for (const s of sources) gone.add(s.id);
    // The keeper's statuses are now all the folded rows' (a 404-only template that takes in a literal's 200 lists).
    const folded = await foldEndpoints(tx, keeper, sources, target.pathTemplate);
    await tx.endpoint.update({ where: { id: keeper.id }, data: fieldsOf(target, folded) });
    changed.push({
      id: keeper.id,
      host: keeper.host,
      method: keeper.method,
      path: target.pathTemplate,
      fromPath: keeper.pathTemplate,
      from: keeper.state as EndpointState,
      to: target.state,
      ...(sources.length > 0 ? { folded: sources.map((s) => s.id), foldedPaths: sources.map((s) => s.pathTemplate) } : {}),
    });
  }
  if (changed.length > 0) {
    await tx.auditEvent.create({
      data: {
        actor: auditActorLabel(actor),
        action: 'endpoints.reclassify',
        targetType: 'endpoint',
        targetId: changed.length === 1 ? changed[0].id : undefined,
        summary: summarise(reason, changed),
      },
    });
  }
  return { changed };
}

async function loadContext(client: DbClient, now: Date, rows: ReadonlyArray<{ host: string; method: string; pathTemplate: string }>): Promise<ClassificationContext> {
  const [catalog, overrides, rules, templates] = await Promise.all([
    loadSpecCatalog(client),
    listStoredOverrides(client),
    listOwnershipRules(client),
    shadowTemplateRows(client, [...new Set(rows.map((r) => r.host))]),
  ]);
  const deprecatedIds = await loadApprovedDeprecations(client, catalog, now);
  const shadowTemplates = indexShadowTemplates(templates.filter((t) => !deprecatedIds.has(t.id)));
  const servedHosts = await relativeServedHosts(client, catalog, overrides, rows);
  return { catalog, overrides, rules, deprecatedIds, shadowTemplates, servedHosts };
}

/** Shadow rows with a parameter on these hosts: what a quiet batch's literals may belong to. */
async function shadowTemplateRows(client: DbClient, hosts: string[]) {
  const select = { id: true, host: true, method: true, pathTemplate: true, requestCount: true } as const;
  const out = [];
  for (let i = 0; i < hosts.length; i += 500) {
    out.push(...(await client.endpoint.findMany({ where: { host: { in: hosts.slice(i, i + 500) }, state: 'shadow', pathTemplate: { contains: '{' } }, select })));
  }
  return out;
}

async function rowsInScope(client: DbClient, scope: ReclassifyScope): Promise<EndpointRow[]>;
async function rowsInScope(client: DbClient, scope: ReclassifyScope, select: typeof FACTS): Promise<Array<Pick<EndpointRow, keyof typeof FACTS>>>;
async function rowsInScope(client: DbClient, scope: ReclassifyScope, select?: typeof FACTS) {
  const order = { id: 'asc' } as const;
  const find = (where: object) => client.endpoint.findMany({ where, orderBy: order, ...(select ? { select } : {}) }) as Promise<Array<Pick<EndpointRow, keyof typeof FACTS>>>;
  if (scope.all) return find({});
  const out: Array<Pick<EndpointRow, keyof typeof FACTS>> = [];
  if (scope.hosts?.length) {
    // On every port of a host named without one: rows stored under `api.example.com:8443` stayed shadow after a spec
    // for `https://api.example.com` was pushed.
    out.push(...(await find(hostsWhere(scope.hosts))));
  }
  const have = new Set(out.map((r) => r.id));
  const ids = [...new Set(scope.endpointIds ?? [])].filter((id) => !have.has(id));
  const chunk = idChunk();
  for (let i = 0; i < ids.length; i += chunk) out.push(...(await find({ id: { in: ids.slice(i, i + chunk) } })));
  return out;
}

/** `row`: the method and statuses the stored `unlisted` follows with the new state (unlisted-shadows.ts). */
function fieldsOf(want: DesiredEndpoint, row: { method: string; statusCounts: unknown }) {
  return {
    state: want.state,
    unlisted: isUnlisted({ state: want.state, method: row.method, statuses: row.statusCounts }),
    operationId: want.operationId,
    apiId: want.apiId,
    ownerTeamId: want.ownerTeamId,
    findings: want.findings,
    ignoredById: want.ignoredById,
  };
}

function differs(row: ComparedRow, want: DesiredEndpoint): boolean {
  return (
    row.pathTemplate !== want.pathTemplate ||
    row.state !== want.state ||
    row.operationId !== want.operationId ||
    row.apiId !== want.apiId ||
    row.ownerTeamId !== want.ownerTeamId ||
    row.ignoredById !== want.ignoredById ||
    canonicalJson(row.findings ?? []) !== canonicalJson(want.findings)
  );
}

/** PostgreSQL's jsonb reorders object keys, so stored and computed findings are compared with sorted keys. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function summarise(reason: string, changed: EndpointChange[]): string {
  const transitions = new Map<string, number>();
  let folded = 0;
  for (const c of changed) {
    const k = c.from === c.to ? `${c.to} (details)` : `${c.from}→${c.to}`;
    transitions.set(k, (transitions.get(k) ?? 0) + 1);
    folded += c.folded?.length ?? 0;
  }
  const parts = [...transitions].sort().map(([k, n]) => `${formatCount(n)} ${k}`);
  if (folded > 0) parts.push(`${formatCount(folded)} folded`);
  return `${reason}: ${formatCount(changed.length)} endpoint(s) reclassified: ${parts.join(', ')}`.slice(0, 1000);
}

/**
 * Sunsets pass without anyone touching the database: this finds documented endpoints whose operation's sunset or
 * approved deprecation has come due and reclassifies just those. Meant for a periodic job (hourly is plenty).
 * A sunset passing alone changes nothing (only a call at or after it makes a zombie, and ingest reclassifies what it
 * touches); the job puts right a row whose reclassification after ingest failed.
 */
export async function reclassifyDueSunsets(now = new Date()): Promise<{ changed: EndpointChange[] }> {
  const due = await db().endpoint.findMany({
    where: {
      state: 'documented',
      OR: [
        { operation: { sunsetAt: { lte: now } } },
        { operation: { deprecations: { some: { status: 'approved', OR: [{ proposedSunset: null }, { proposedSunset: { lte: now } }] } } } },
        { deprecations: { some: { status: 'approved', OR: [{ proposedSunset: null }, { proposedSunset: { lte: now } }] } } },
      ],
    },
    select: { id: true },
  });
  return reclassifyEndpoints({ endpointIds: due.map((d) => d.id) }, 'system', 'sunset reached', { now });
}

/**
 * How HEAD and OPTIONS are classified changed on 5 Dec (a preflight on a documented path is documented; a method a
 * spec documents on a matching parameter path beats one a literal path only implies), and a stored row is only
 * reclassified when traffic, a changed spec, an override or a rule touches it: an old `shadow OPTIONS` on a documented
 * path would stay shadow indefinitely. `lantern serve` runs this once at start; with nothing to change it only reads
 * the HEAD and OPTIONS rows and writes nothing.
 */
export async function reclassifyImpliedMethods(now = new Date()): Promise<{ changed: EndpointChange[] }> {
  const rows = await db().endpoint.findMany({ where: { method: { in: ['HEAD', 'OPTIONS'] } }, select: { id: true } });
  return reclassifyEndpoints({ endpointIds: rows.map((r) => r.id) }, 'system', 'HEAD/OPTIONS classification', { now });
}

/**
 * Shadows no API answers for, which rules since 6 Dec may give one: a host-less row (`unknown-host`) the one operation
 * its path has under any spec's servers documents (endpoint-classification.ts matchStored), and a host a spec's
 * server names since its `:80`/`:443` is dropped whatever its scheme, or since a variable's default its enum lacks is
 * matched (lib/openapi/servers.ts), and one under a relative server's base path on a host the API's documented calls
 * reached (lib/db/relative-served-hosts.ts). Rows stored before
 * stayed as they were until a spec was pushed or their traffic came again. `lantern serve` runs this once,
 * with the other stored-data passes.
 */
export async function reclassifyShadowsWithoutApi(now = new Date()): Promise<{ changed: EndpointChange[] }> {
  const rows = await db().endpoint.findMany({ where: { state: 'shadow', apiId: null }, select: { id: true } });
  return reclassifyEndpoints({ endpointIds: rows.map((r) => r.id) }, 'system', 'shadows without an API', { now });
}
