import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { beforeAll, expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../require';

const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const inputs = [join(SHARED_FIXTURES, 'logs/integrations_nginx_test-access.log'), join(SHARED_FIXTURES, 'pcap/zeek__pipelined-requests.pcap')];
let env: NodeJS.ProcessEnv;
let dbFile: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-'));
  dbFile = join(dir, 'lantern.db');
  env = { ...process.env, DATABASE_URL: `file:${dbFile}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env });
});

test('ingesting the same capture and log twice counts every exchange exactly once', async () => {
  const extracted = (await run(LANTERN, ['extract', ...inputs], { env, maxBuffer: 64 << 20 })).stdout.trim().split('\n');
  const withMethod = extracted.map((l) => JSON.parse(l)).filter((e) => e.method && e.path !== undefined).length;
  expect(withMethod).toBeGreaterThan(10);

  const first = await run(LANTERN, ['ingest', ...inputs, '--host', 'www.example.org'], { env });
  expect(first.stderr).toMatch(/applied/);
  const second = await run(LANTERN, ['ingest', ...inputs, '--host', 'www.example.org'], { env });
  expect(second.stderr).toMatch(/0 applied, \d+ already counted/);

  const conn = new Database(dbFile, { readonly: true });
  const total = (conn.prepare('SELECT SUM(requestCount) AS n FROM Endpoint').get() as { n: number }).n;
  const batches = (conn.prepare("SELECT COUNT(*) AS n FROM IngestBatch WHERE collectorId IS NOT NULL").get() as { n: number }).n;
  const hosts = (conn.prepare('SELECT DISTINCT host FROM Endpoint ORDER BY host').all() as { host: string }[]).map((r) => r.host);
  conn.close();
  expect(Number(total)).toBe(withMethod);
  // One batch per input (each keyed by that input alone).
  expect(batches).toBe(2);
  expect(hosts).toContain('www.mozilla.org');
});

test('standard input is ingested like a file: the same bytes piped in twice are counted once, other bytes are new', () => {
  const capture = readFileSync(join(SHARED_FIXTURES, 'pcap/zeek__http-methods.pcap'));
  const ingest = (input: Buffer) => spawnSync(LANTERN, ['ingest', '-'], { env, input, encoding: 'utf8' });
  const first = ingest(capture);
  expect(first.status, first.stderr).toBe(0);
  expect(first.stderr).toMatch(/ 1 applied, 0 already counted/);
  expect(ingest(capture).stderr).toMatch(/ 0 applied, 1 already counted/);
  // A different capture through the same pipe is not mistaken for the first.
  const other = ingest(readFileSync(join(SHARED_FIXTURES, 'pcap/zeek__vlan-qinqinq.pcap')));
  expect(other.stderr).toMatch(/ 1 applied, 0 already counted/);
});

test('the same log lines as a file and through a pipe count once, whichever comes first', async () => {
  // Before: a file was keyed by its size and edges, a pipe by the digest of all it carried: two inputs, counted twice.
  const lines = readFileSync(inputs[0]);
  for (const order of [['file', 'pipe'], ['pipe', 'file']]) {
    const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-alias-'));
    const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
    await run(LANTERN, ['migrate'], { env: own });
    const said = order.map((how) => {
      const r = how === 'file' ? spawnSync(LANTERN, ['ingest', inputs[0], '--host', 'www.example.org'], { env: own, encoding: 'utf8' }) : spawnSync(LANTERN, ['ingest', '-', '--host', 'www.example.org'], { env: own, input: lines, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return / (\d+) applied, (\d+) already counted/.exec(r.stderr)?.slice(1).join('/');
    });
    expect(said, order.join(' then ')).toEqual(['1/0', '0/1']);
  }
});

test('an input already ingested is not counted again when it comes back with new ones (a cron job over a log directory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-set-'));
  const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env: own });
  const [log, capture] = inputs;
  const requests = () => {
    const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
    const n = Number((conn.prepare('SELECT SUM(requestCount) AS n FROM Endpoint').get() as { n: number }).n);
    conn.close();
    return n;
  };
  await run(LANTERN, ['ingest', log, '--host', 'www.example.org'], { env: own });
  const logOnly = requests();
  const both = await run(LANTERN, ['ingest', log, capture, '--host', 'www.example.org'], { env: own });
  // Before: the pair was one new input set, so the log's requests were counted a second time.
  expect(both.stderr).toMatch(/ 1 applied, 1 already counted/);
  const captureAlone = mkdtempSync(join(tmpdir(), 'lantern-ingest-one-'));
  const ownCapture = { ...env, DATABASE_URL: `file:${join(captureAlone, 'lantern.db')}`, LANTERN_DATA_DIR: captureAlone };
  await run(LANTERN, ['migrate'], { env: ownCapture });
  await run(LANTERN, ['ingest', capture, '--host', 'www.example.org'], { env: ownCapture });
  const conn = new Database(join(captureAlone, 'lantern.db'), { readonly: true });
  const captureOnly = Number((conn.prepare('SELECT SUM(requestCount) AS n FROM Endpoint').get() as { n: number }).n);
  conn.close();
  expect(requests()).toBe(logOnly + captureOnly);
});

test('a log directory ingested again after it gained a file counts the old file once (a cron job over the directory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-dir-'));
  const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env: own });
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'README'), 'not a log\n');
  copyFileSync(join(SHARED_FIXTURES, 'logs/integrations_nginx_test-access.log'), join(logs, 'access.log.1'));
  const ingest = () => run(LANTERN, ['ingest', logs, '--host', 'www.example.org'], { env: own });
  const first = await ingest();
  expect(first.stderr).toMatch(/ 1 applied, 0 already counted/);
  expect(first.stderr).toMatch(/logs: 1 file is neither a capture nor a log and was skipped \(README\)/);
  copyFileSync(join(SHARED_FIXTURES, 'logs/filebeat_nginx_access_test.log'), join(logs, 'access.log'));
  const second = await ingest();
  // Before: the directory was one input whose fingerprint the new file changed, so access.log.1 counted twice.
  expect(second.stderr).toMatch(/ 1 applied, 1 already counted/);
  const extracted = (await run(LANTERN, ['extract', logs], { env: own, maxBuffer: 64 << 20 })).stdout.trim().split('\n');
  const withMethod = extracted.map((l) => JSON.parse(l)).filter((e) => e.method && e.path !== undefined).length;
  const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
  const total = Number((conn.prepare('SELECT SUM(requestCount) AS n FROM Endpoint').get() as { n: number }).n);
  conn.close();
  expect(total).toBe(withMethod);
});

test('inputs counted apart are templated together: six members over two small logs are one endpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-agree-'));
  const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env: own });
  const line = (name: string) => `203.0.113.9 - - [04/Dec/2026:10:00:00 +0000] "GET /members/${name} HTTP/1.1" 200 51 "-" "curl/8"`;
  const a = join(dir, 'a.log');
  const b = join(dir, 'b.log');
  writeFileSync(a, ['ann', 'ben', 'cat'].map(line).join('\n') + '\n');
  writeFileSync(b, ['dan', 'eve', 'fay'].map(line).join('\n') + '\n');
  const out = await run(LANTERN, ['ingest', a, b, '--host', 'api.example.org'], { env: own });
  expect(out.stderr).toMatch(/ 2 applied, 0 already counted/);
  const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
  const rows = conn.prepare('SELECT pathTemplate AS path, CAST(requestCount AS INTEGER) AS n FROM Endpoint ORDER BY pathTemplate').all();
  conn.close();
  // Each log alone has three names, too few for a parameter; the two together have six.
  expect(rows).toEqual([{ path: '/members/{memberId}', n: 6 }]);
});

test('host-less inputs of one run are templated together too, without --host, and leave host-ful traffic alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-agree-hostless-'));
  const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env: own });
  const line = (path: string) => `203.0.113.9 - - [04/Dec/2026:10:00:00 +0000] "GET ${path} HTTP/1.1" 200 51 "-" "curl/8"`;
  const har = (paths: string[]) => JSON.stringify({ log: { version: '1.2', entries: paths.map((p) => ({
    startedDateTime: '2026-12-04T10:00:00.000Z', time: 1, request: { method: 'GET', url: `https://shop.example.org${p}`, httpVersion: 'HTTP/1.1', headers: [], queryString: [] },
    response: { status: 200, httpVersion: 'HTTP/1.1', headers: [], content: { size: 0 } },
  })) } });
  const [a, b, c] = ['a.log', 'b.log', 'c.har'].map((f) => join(dir, f));
  writeFileSync(a, ['ann', 'ben', 'cat'].map((n) => line(`/members/${n}`)).join('\n') + '\n');
  writeFileSync(b, ['dan', 'eve', 'fay'].map((n) => line(`/members/${n}`)).join('\n') + '\n');
  // A host's own traffic on the same paths is not taken into the host-less templates.
  writeFileSync(c, har(['/members/gus', '/members/hal']));
  const out = await run(LANTERN, ['ingest', a, b, c], { env: own });
  expect(out.stderr).toMatch(/ 3 applied, 0 already counted/);
  const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
  const rows = conn.prepare('SELECT host, pathTemplate AS path, CAST(requestCount AS INTEGER) AS n FROM Endpoint ORDER BY host, pathTemplate').all();
  conn.close();
  expect(rows).toEqual([
    { host: 'shop.example.org', path: '/members/gus', n: 1 },
    { host: 'shop.example.org', path: '/members/hal', n: 1 },
    { host: 'unknown-host', path: '/members/{memberId}', n: 6 },
  ]);
});

test('ingest stores, and inventory prints, no credential or e-mail seen in a request path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ingest-secrets-'));
  const own = { ...env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir };
  await run(LANTERN, ['migrate'], { env: own });
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV_adQssw5c';
  const log = join(dir, 'access.log');
  const paths = [`/reset/${jwt}`, '/hidden/sk_live_51HqLyjWDarjtT1zdp7dcXYZabc', '/hidden2/john.doe@example.com'];
  writeFileSync(log, paths.map((p) => `10.0.0.1 - - [04/Dec/2026:10:00:00 +0000] "GET ${p} HTTP/1.1" 200 9 "-" "curl/8"\n`).join(''));
  const planted = /eyJhbGciOi|sk_live_|john\.doe|example\.com/;
  const ingested = await run(LANTERN, ['ingest', log, '--host', 'api.test'], { env: own });
  expect(ingested.stderr).not.toMatch(planted);

  const conn = new Database(join(dir, 'lantern.db'), { readonly: true });
  const rows = conn.prepare('SELECT * FROM Endpoint ORDER BY pathTemplate').all() as Array<{ examplePaths: string }>;
  const tables = ['Endpoint', 'EndpointDailyStat', 'IngestBatch', 'Alert', 'AuditEvent'].map((t) => conn.prepare(`SELECT * FROM "${t}"`).all());
  conn.close();
  expect(rows.map((r) => JSON.parse(r.examplePaths))).toEqual([['/hidden/{redacted}'], ['/hidden2/{redacted}'], ['/reset/{redacted}']]);
  expect(JSON.stringify(tables)).not.toMatch(planted);
  for (const args of [['inventory'], ['inventory', '--json']]) expect((await run(LANTERN, args, { env: own })).stdout).not.toMatch(planted);
});

test('a capture ingested through a named pipe is counted by its content: the same content again is already counted, other content is not', async () => {
  const through = (capture: string) => spawnSync('bash', ['-c', `"${LANTERN}" ingest <(cat "${join(SHARED_FIXTURES, 'pcap', capture)}") --host pipe.test`], { env, encoding: 'utf8', timeout: 60_000 });
  const first = through('chrissanders__http_ip4and6.pcapng');
  expect(first.stderr).not.toContain('ESPIPE');
  expect(first.stderr).toMatch(/ 1 applied, 0 already counted/);
  expect(through('chrissanders__http_ip4and6.pcapng').stderr).toMatch(/ 0 applied, 1 already counted/);
  expect(through('lwerdna__simple_http_sll2.pcap').stderr).toMatch(/ 1 applied, 0 already counted/);
});
