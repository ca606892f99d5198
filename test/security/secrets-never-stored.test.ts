import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as otlpRoute from '../../app/api/otlp/v1/traces/route';
import { encodeSessionToken } from '../../lib/auth/session-cookie';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { createUser } from '../../lib/db/users';
import { isRefusal } from '../../lib/http/other-methods';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { findSecrets, writeSecretInputs } from './secret-inputs';

/**
 * The promise "Lantern never stores a credential it sees": captures, logs, a HAR and an OTLP export full of bearer
 * tokens, Basic credentials, cookies and API keys go through the CLI ingest and the server's OTLP receiver; then
 * the whole database (every byte of the SQLite file and its WAL, every row of every PostgreSQL table), everything
 * printed (CLI output, server console) and every GET API response are searched for each secret.
 */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const APP_API = join(import.meta.dirname, '../../app/api');

afterEach(() => vi.restoreAllMocks());

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`secrets never stored (${kind})`, () => {
    test('no secret in the database, the output or any API response', async () => {
      const url = await useFreshDatabase(kind);
      const work = mkdtempSync(join(tmpdir(), 'lantern-secrets-'));
      const inputs = writeSecretInputs(work);
      const allNames = Object.keys(inputs.secrets).sort();
      // The test can only fail if the secrets are really in the inputs.
      expect(findSecrets(Buffer.concat(inputs.files.map((f) => readFileSync(f))), inputs.secrets).sort()).toEqual(allNames);

      const printed = captureConsole();
      const env = { ...process.env, DATABASE_URL: url, LANTERN_DATA_DIR: process.env.LANTERN_DATA_DIR! };
      const ingest = await run(LANTERN, ['ingest', ...inputs.files, '--name', 'secrets-test'], { env });
      const extract = await run(LANTERN, ['extract', ...inputs.files], { env, maxBuffer: 64 * 1024 * 1024 });
      const inventory = await run(LANTERN, ['inventory', '--json'], { env, maxBuffer: 64 * 1024 * 1024 });

      const admin = await createUser({ email: 'admin@secrets.test', role: 'admin', password: 'password123' });
      const cookie = `next-auth.session-token=${await encodeSessionToken({ sub: admin.id }, process.env.NEXTAUTH_SECRET!, 3600)}`;
      const { token } = await createApiToken({ name: 'otel-gateway', scopes: ['ingest'] });
      const otlp = await otlpRoute.POST(
        new Request('http://localhost/api/otlp/v1/traces', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(inputs.otlpDocument) }),
        { params: Promise.resolve({}) },
      );
      const otlpText = await otlp.text();
      expect(otlp.status, otlpText).toBe(200);

      // Everything really went in: every input's hosts are in the inventory, with the credentials' kinds as evidence.
      const hosts = (await db().endpoint.findMany({ select: { host: true } })).map((e) => e.host);
      for (const host of ['api.corp.test', 'shop.corp.test', 'billing.corp.test']) expect(hosts).toContain(host);
      expect(await db().endpoint.count({ where: { pathTemplate: { startsWith: '/v2/orders' } } })).toBeGreaterThan(0);
      const evidence = JSON.stringify(await db().endpoint.findMany({ select: { authCounts: true } }));
      for (const authKind of ['"bearer-jwt"', '"basic"', '"api-key:x-api-key"', '"cookie:session"', '"cookie:sid"', '"bearer-opaque"', '"api-key:x-storage-token"', '"api-key:private_token"']) expect(evidence).toContain(authKind);

      // A canary written like any other row: the scans below must find it, or they are not looking at the data.
      const canary = { canary: [`canary-${Date.now().toString(36)}-not-a-secret`] };
      await db().auditEvent.create({ data: { actor: 'system', action: 'test.canary', targetType: 'test', summary: canary.canary[0] } });
      const responses = await getEveryRoute(cookie);
      expect(Object.keys(responses).length).toBeGreaterThanOrEqual(8);
      printed.restore();

      const leaks: Record<string, string[]> = {};
      const check = (where: string, text: string | Buffer) => {
        const found = findSecrets(text, inputs.secrets);
        if (found.length > 0) leaks[where] = found;
      };
      check('lantern ingest output', ingest.stdout + ingest.stderr);
      // `extract` is the local exchange stream (one record per request, to pipe into other tools): it carries each
      // request's concrete path by design, so a credential inside a path segment shows there — never in anything
      // stored or served. Every other secret must be absent from it too.
      const pathSecrets = ['log.path-reset-token', 'log.path-webhook-key', 'log.path-download-token', 'log.path-zapier-key', 'log.path-escaped-query-sig', 'log.path-colon-token'];
      expect(findSecrets(extract.stdout, inputs.secrets).filter((n) => !pathSecrets.includes(n))).toEqual([]);
      check('lantern extract summary', extract.stderr);
      check('lantern inventory --json', inventory.stdout + inventory.stderr);
      check('POST /api/otlp/v1/traces response', otlpText);
      check('server console', printed.text());
      for (const [route, body] of Object.entries(responses)) check(route, body);
      await disconnectDb();
      const stored = await databaseContents(kind, url);
      for (const [where, bytes] of Object.entries(stored)) check(where, bytes);
      expect(Object.values(stored).some((bytes) => findSecrets(bytes, canary).length === 1)).toBe(true);
      expect(findSecrets(responses['GET /api/audit'], canary)).toEqual(['canary']);
      expect(leaks).toEqual({});
    });
  });
}

/** Calls every GET route handler in app/api as an admin; routes with an `[api]` segment once per stored API. */
async function getEveryRoute(cookie: string): Promise<Record<string, string>> {
  const apis = (await db().api.findMany({ select: { slug: true } })).map((a) => a.slug);
  const out: Record<string, string> = {};
  for (const file of routeFiles(APP_API)) {
    const route = `/api/${relative(APP_API, file).replace(/\/?route\.ts$/, '')}`;
    // next-auth's own endpoints, and the JSON 404 for paths no route serves.
    if (route.startsWith('/api/auth/') || route === '/api/[[...path]]') continue;
    const mod = (await import(file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
    if (typeof mod.GET !== 'function' || isRefusal(mod.GET)) continue;
    const dynamic = route.match(/\[(\w+)\]/g) ?? [];
    // A new GET route with another parameter must say here which stored rows it is called for.
    if (dynamic.some((d) => d !== '[api]')) throw new Error(`secrets test: add fixtures for the parameters of ${route}`);
    const slugs = dynamic.length > 0 ? apis : [undefined];
    for (const api of slugs) {
      const path = route.replace('[api]', api ?? '');
      const url = `http://localhost${path}${path === '/api/endpoints' ? '?pageSize=200&includeIgnored=true' : ''}`;
      const res = await mod.GET(new Request(url, { headers: { cookie } }), { params: Promise.resolve(api ? { api } : {}) });
      expect(res.status, `${path}`).toBeLessThan(500);
      out[`GET ${path}`] = await res.text();
    }
  }
  return out;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === 'route.ts' ? [p] : [];
  });
}

/** Every byte the database holds: the SQLite file with its WAL and shared memory, or every row of every table. */
async function databaseContents(kind: 'sqlite' | 'postgres', url: string): Promise<Record<string, Buffer | string>> {
  if (kind === 'sqlite') {
    const file = url.replace(/^file:/, '');
    const out: Record<string, Buffer> = {};
    for (const suffix of ['', '-wal', '-shm', '-journal']) if (existsSync(file + suffix)) out[`database file${suffix}`] = readFileSync(file + suffix);
    expect(out['database file'].length).toBeGreaterThan(0);
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = (await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.table_name);
    const out: Record<string, string> = {};
    for (const table of tables) {
      const rows = await client.query(`SELECT row_to_json(t)::text AS row FROM "${table}" t`);
      out[`table ${table}`] = rows.rows.map((r: { row: string }) => r.row).join('\n');
    }
    expect(out['table Endpoint'].length).toBeGreaterThan(0);
    return out;
  } finally {
    await client.end();
  }
}

/** What the server process would print: console methods and raw writes to stdout/stderr. */
function captureConsole() {
  let text = '';
  const sink = (...args: unknown[]) => {
    text += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' ')}\n`;
  };
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(sink));
  const writes = [process.stdout, process.stderr].map((s) =>
    vi.spyOn(s, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    }) as typeof s.write),
  );
  return { text: () => text, restore: () => [...spies, ...writes].forEach((s) => s.mockRestore()) };
}
