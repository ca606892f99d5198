/**
 * What `check`, `inventory` and `spec push` read of a server's 2xx answer, checked before they read it
 * (`RequestOptions.accepts`): the fields they print, no more, so a newer server's added fields pass. The shapes
 * themselves are `CheckResult`, `InventoryExport` and the spec route's outcome; zod and Prisma stay unloaded here.
 */
type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (r: Row, ...keys: string[]) => keys.every((k) => typeof r[k] === 'string');
const rowsWhere = (v: unknown, each: (r: Row) => boolean) => Array.isArray(v) && v.every((r) => isRow(r) && each(r));

/** `GET /api/apis/{api}/check`. */
export function isCheckAnswer(body: unknown): boolean {
  return isRow(body) && typeof body.api === 'string' && typeof body.checked === 'number' && Array.isArray(body.failOn)
    && rowsWhere(body.offenders, (o) => strings(o, 'method', 'host', 'path', 'state', 'triage') && typeof o.requests === 'number' && Array.isArray(o.reasons));
}

/** `GET /api/inventory`. */
export function isInventoryAnswer(body: unknown): boolean {
  return isRow(body)
    && rowsWhere(body.endpoints, (e) => strings(e, 'state', 'method', 'host', 'path', 'triage') && typeof e.requests === 'number')
    && rowsWhere(body.unused, (u) => strings(u, 'method', 'path'));
}

/** `POST /api/apis/{api}/specs`. */
export function isSpecPushAnswer(body: unknown): boolean {
  if (!isRow(body) || typeof body.status !== 'string' || !Array.isArray(body.reclassified) || !isRow(body.spec)) return false;
  const { spec } = body;
  const diff = spec.diffSummary;
  return typeof spec.version === 'string' && typeof spec.operationCount === 'number'
    && (diff === null || diff === undefined || (isRow(diff) && Array.isArray(diff.added) && Array.isArray(diff.removed) && Array.isArray(diff.newlyDeprecated)))
    && (body.warnings === undefined || Array.isArray(body.warnings));
}
