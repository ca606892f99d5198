import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectAuthEvidence, queryParamNames, type Exchange } from '../../lib/exchange';
import { freePort, waitForHttp } from '../free-port';
import { hasCommand, requireFor } from '../require';
import { runExtract, TEST_ENV } from './logs-cli';

/**
 * Real Caddy (Debian's) as a reverse proxy in front of a Node backend: every request the client sent must
 * come back from `lantern extract` on Caddy's access log with what the client knows it sent and received.
 * One listener logs credentials (`log_credentials`), the other keeps Caddy's default redaction.
 */
const haveCaddy = requireFor('Caddy access-log test', hasCommand('caddy'), 'apt-get install caddy');
const KEY = TEST_ENV.LANTERN_FINGERPRINT_KEY;

interface Sent {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: string;
  chunked?: boolean;
  /** Filled in from the response. */
  status?: number;
  received?: number;
  contentType?: string;
  localPort?: number;
}

let dir: string;
let backend: Server;
let caddy: ChildProcess;
let ports: { logged: number; redacted: number };

beforeAll(async () => {
  if (!haveCaddy) return;
  dir = mkdtempSync(join(tmpdir(), 'lantern-caddy-'));
  backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '/';
      if (url.startsWith('/empty')) return void res.writeHead(204).end();
      if (url.startsWith('/cached')) return void res.writeHead(304).end();
      if (url.startsWith('/gone')) {
        res.writeHead(410, { 'content-type': 'application/problem+json', deprecation: '@1700000000', sunset: 'Wed, 01 Jan 2025 00:00:00 GMT' });
        return void res.end('{"title":"gone"}');
      }
      const body = JSON.stringify({ url, pad: 'x'.repeat(url.length * 97 % 4000) });
      // A declared length lets Caddy's encoder compress, HEAD included (where it counts bytes never sent).
      res.writeHead(url.startsWith('/fail') ? 503 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const upstream = (backend.address() as AddressInfo).port;
  ports = { logged: await freePort(), redacted: await freePort() };
  const site = (port: number, log: string) =>
    `http://127.0.0.1:${port} {\n  log {\n    output file ${join(dir, log)}\n    format json\n  }\n  encode gzip\n  reverse_proxy 127.0.0.1:${upstream}\n}\n`;
  writeFileSync(join(dir, 'Caddyfile'), [
    `{\n  admin off\n  auto_https off\n  servers :${ports.logged} {\n    log_credentials\n  }\n}\n`,
    site(ports.logged, 'logged.log'),
    site(ports.redacted, 'redacted.log'),
  ].join(''));
  caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  caddy.stderr?.on('data', (d) => (stderr += d));
  await waitForHttp([ports.logged, ports.redacted], 'caddy', () => stderr);
}, 30_000);

afterAll(async () => {
  caddy?.kill('SIGTERM');
  await new Promise((r) => backend?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (i: number) => `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ iss: 'https://idp.example', aud: 'orders', scope: 'orders:read', exp: 2_000_000_000 + i })}.c2ln`;

/** A mix of credentials, methods, bodies and answers; every target unique so records match by path. */
function script(n: number): Sent[] {
  const creds: Array<(i: number) => Record<string, string>> = [
    (i) => ({ authorization: `Bearer ${jwt(i % 3)}` }),
    (i) => ({ authorization: `Basic ${Buffer.from(`svc${i % 2}:pw`).toString('base64')}` }),
    (i) => ({ 'x-api-key': `key-${i % 4}-0123456789` }),
    (i) => ({ cookie: `session=s${i % 5}; theme=dark` }),
    () => ({}),
  ];
  const kinds = ['/orders', '/empty', '/cached', '/gone', '/fail', '/users'];
  return Array.from({ length: n }, (_, i) => {
    const kind = kinds[i % kinds.length];
    const method = i % 7 === 3 ? 'HEAD' : i % 5 === 0 && kind === '/orders' ? 'POST' : 'GET';
    const target = `${kind}/${i}${i % 4 === 0 ? `?page=${i}&access_token=t${i}` : ''}`;
    const body = method === 'POST' ? JSON.stringify({ i, note: 'n'.repeat(i * 31 % 900) }) : undefined;
    const headers: Record<string, string> = { 'user-agent': `caddy-test/${i % 3}`, 'accept-encoding': i % 2 ? 'gzip' : 'identity', ...creds[i % creds.length](i) };
    if (body) headers['content-type'] = 'application/json';
    return { method, target, headers, body, chunked: body !== undefined && i % 10 === 0 };
  });
}

async function send(port: number, all: Sent[]): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  for (let at = 0; at < all.length; at += 8) {
    await Promise.all(all.slice(at, at + 8).map((s) => new Promise<void>((resolve, reject) => {
      const headers = { ...s.headers, ...(s.body && !s.chunked ? { 'content-length': String(Buffer.byteLength(s.body)) } : {}) };
      const req = request({ host: '127.0.0.1', port, method: s.method, path: s.target, agent, headers }, (res) => {
        s.status = res.statusCode;
        s.contentType = res.headers['content-type'];
        s.localPort = res.socket.localPort;
        s.received = 0;
        res.on('data', (d: Buffer) => (s.received! += d.length));
        res.on('end', resolve);
      });
      req.on('error', reject);
      if (s.body && s.chunked) req.write(s.body.slice(0, 5));
      req.end(s.body && s.chunked ? s.body.slice(5) : s.body);
    })));
  }
  agent.destroy();
}

function expectedAuth(s: Sent): Exchange['auth'] {
  const q = s.target.indexOf('?');
  const query = q === -1 ? [] : s.target.slice(q + 1).split('&').map((p) => p.split('=') as [string, string]);
  return collectAuthEvidence({ headers: Object.entries(s.headers), query }, KEY);
}

const sortAuth = (a: Exchange['auth']) => a && [...a].sort((x, y) => (x.kind < y.kind ? -1 : 1));

async function logFor(name: string, expected: number): Promise<string> {
  // Caddy writes an entry after the response is done; give the last ones a moment.
  for (let i = 0; i < 50; i++) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (text.split('\n').filter((l) => l.includes('"handled request"')).length >= expected) return join(dir, name);
    await new Promise((r) => setTimeout(r, 100));
  }
  return join(dir, name);
}

describe.skipIf(!haveCaddy)('Caddy access log, from a real Caddy', () => {
  test('with log_credentials: every request as the client sent and received it', async () => {
    const sent = script(180);
    await send(ports.logged, sent);
    const { records: all, stderr, status } = runExtract([await logFor('logged.log', sent.length + 1)]);
    const records = all.filter((r) => r.path !== '/probe'); // the start-up probe
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('malformed 0');
    expect(records).toHaveLength(sent.length);
    const byPath = new Map(records.map((r) => [r.path, r]));
    for (const s of sent) {
      const path = s.target.split('?')[0];
      const r = byPath.get(path);
      expect(r, s.target).toBeDefined();
      const bodiless = s.method === 'HEAD' || s.status === 204 || s.status === 304;
      expect({
        method: r!.method, path: r!.path, query: r!.query, status: r!.status, src: r!.src, transport: r!.transport,
        host: r!.host, userAgent: r!.userAgent, responseBytes: r!.responseBytes, responseContentType: r!.responseContentType,
        requestContentType: r!.requestContentType, auth: sortAuth(r!.auth),
      }, `${s.method} ${s.target}`).toEqual({
        method: s.method, path, query: s.target.includes('?') ? queryParamNames(s.target.split('?')[1]) : undefined,
        status: s.status, src: `127.0.0.1:${s.localPort}`, transport: 'http/1.1', host: `127.0.0.1:${ports.logged}`,
        userAgent: s.headers['user-agent'], responseBytes: bodiless ? 0 : s.received,
        responseContentType: s.contentType,
        requestContentType: s.headers['content-type'], auth: sortAuth(expectedAuth(s)),
      });
      // A declared body gives its size; a chunked one its size when Caddy logs `bytes_read` (≥ 2.7), else none.
      if (s.body && !s.chunked) expect(r!.requestBytes).toBe(Buffer.byteLength(s.body));
      else if (s.body) expect([undefined, Buffer.byteLength(s.body)]).toContain(r!.requestBytes);
      else expect(r!.requestBytes).toBeUndefined();
      if (s.status === 410) expect([r!.deprecation, r!.sunset]).toEqual(['@1700000000', 'Wed, 01 Jan 2025 00:00:00 GMT']);
    }
    const raw = readFileSync(join(dir, 'logged.log'), 'utf8');
    expect(raw, 'Caddy logged the credentials this listener was told to keep').toContain('Bearer ');
    const out = JSON.stringify(records);
    for (const secret of ['Bearer ', 'session=s', 'key-1-0123456789', 'access_token=t']) expect(out).not.toContain(secret);
  }, 60_000);

  test('default redaction: Authorization and Cookie are unknown, visible API keys still evidence', async () => {
    const sent = script(60);
    await send(ports.redacted, sent);
    const { records: all, status, stderr } = runExtract([await logFor('redacted.log', sent.length + 1)]);
    const records = all.filter((r) => r.path !== '/probe');
    expect(status, stderr).toBe(0);
    expect(records).toHaveLength(sent.length);
    const byPath = new Map(records.map((r) => [r.path, r]));
    for (const s of sent) {
      const r = byPath.get(s.target.split('?')[0])!;
      const redacted = 'authorization' in s.headers || 'cookie' in s.headers;
      const visible = expectedAuth({ ...s, headers: Object.fromEntries(Object.entries(s.headers).filter(([n]) => n !== 'authorization' && n !== 'cookie')) });
      const expected = redacted && visible?.[0].kind === 'none' ? undefined : visible;
      expect(sortAuth(r.auth), `${s.method} ${s.target} ${JSON.stringify(Object.keys(s.headers))}`).toEqual(sortAuth(expected));
    }
  }, 60_000);
});
