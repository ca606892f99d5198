import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { connect as h2connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectAuthEvidence, queryParamNames } from '../../lib/exchange';
import { freePort, waitForHttp } from '../free-port';
import { hasCommand, requireFor } from '../require';
import { runExtract, TEST_ENV } from './logs-cli';

/**
 * Real HAProxy (Debian's) in front of a Node backend, HTTP/1.1, h2c and TLS (HTTP/1.1 and h2) clients: every
 * request the clients sent must come back from `lantern extract` on HAProxy's log with its method, path, query
 * names, status, host and protocol. Three log set-ups: `option httplog` with Host and User-Agent captured (raw),
 * `option httpslog` (RFC 5424), and `option httplog` without captures (RFC 3164). Found on first contact: httpslog's
 * TLS fields were read into the path, and no host was ever read.
 */
const haveHaproxy = requireFor('HAProxy log test', hasCommand('haproxy') && hasCommand('openssl'), 'apt-get install haproxy openssl');
const KEY = TEST_ENV.LANTERN_FINGERPRINT_KEY;

type Client = 'h1' | 'h2c' | 'tls-h1' | 'tls-h2' | 'bare';
interface Sent {
  client: Client;
  method: string;
  target: string;
  status?: number;
  received?: number;
}

let dir: string;
let backend: Server;
let haproxy: ChildProcess;
let ports: { plain: number; h2c: number; tls: number; bare: number };

beforeAll(async () => {
  if (!haveHaproxy) return;
  dir = mkdtempSync(join(tmpdir(), 'lantern-haproxy-'));
  backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ url: req.url, pad: 'x'.repeat((req.url ?? '').length * 37 % 900) }));
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const upstream = (backend.address() as AddressInfo).port;
  ports = { plain: await freePort(), h2c: await freePort(), tls: await freePort(), bare: await freePort() };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=shop.test'], { stdio: 'ignore' });
  writeFileSync(join(dir, 'cert.pem'), readFileSync(join(dir, 'c.pem'), 'utf8') + readFileSync(join(dir, 'k.pem'), 'utf8'));
  writeFileSync(join(dir, 'haproxy.cfg'), `
defaults
  mode http
  timeout connect 5s
  timeout client 10s
  timeout server 10s
frontend plain
  bind 127.0.0.1:${ports.plain}
  bind 127.0.0.1:${ports.h2c} proto h2
  log stdout format raw local0
  option httplog
  capture request header Host len 64
  capture request header User-Agent len 64
  capture response header Content-Type len 40
  default_backend app
frontend tls
  bind 127.0.0.1:${ports.tls} ssl crt ${join(dir, 'cert.pem')} alpn h2,http/1.1
  log stdout format rfc5424 local0
  option httpslog
  default_backend app
frontend bare
  bind 127.0.0.1:${ports.bare}
  log stdout format rfc3164 local0
  option httplog
  default_backend app
backend app
  server s1 127.0.0.1:${upstream}
`);
  const out = openSync(join(dir, 'haproxy.log'), 'a');
  haproxy = spawn('haproxy', ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: ['ignore', out, 'pipe'] });
  closeSync(out);
  let stderr = '';
  haproxy.stderr?.on('data', (d) => (stderr += d));
  await waitForHttp([ports.plain], 'haproxy', () => stderr);
}, 30_000);

afterAll(async () => {
  haproxy?.kill('SIGTERM');
  await new Promise((r) => backend?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One request; every target is unique, so records match by path. */
function send(s: Sent): Promise<void> {
  const headers = { host: `shop.test:${portOf(s.client)}`, 'user-agent': `haproxy-test/${s.client}` };
  const done = (status: number | undefined, resolve: () => void) => (res: NodeJS.ReadableStream) => {
    s.status = status;
    s.received = 0;
    res.on('data', (d: Buffer) => (s.received! += d.length));
    res.on('end', resolve);
  };
  return new Promise((resolve, reject) => {
    if (s.client === 'h2c' || s.client === 'tls-h2') {
      const session = h2connect(s.client === 'h2c' ? `http://127.0.0.1:${ports.h2c}` : `https://127.0.0.1:${ports.tls}`, { rejectUnauthorized: false, servername: 'shop.test' });
      session.on('error', reject);
      const stream = session.request({ ':method': s.method, ':path': s.target, ':authority': headers.host, 'user-agent': headers['user-agent'] });
      stream.on('response', (h) => done(Number(h[':status']), () => (session.close(), resolve()))(stream));
      stream.on('error', reject);
      stream.end();
      return;
    }
    const opts = { host: '127.0.0.1', port: portOf(s.client), method: s.method, path: s.target, headers, agent: false as const };
    const req = s.client === 'tls-h1' ? httpsRequest({ ...opts, rejectUnauthorized: false, servername: 'shop.test' }, (res) => done(res.statusCode, resolve)(res)) : request(opts, (res) => done(res.statusCode, resolve)(res));
    req.on('error', reject);
    req.end();
  });
}

function portOf(client: Client): number {
  return client === 'h1' ? ports.plain : client === 'h2c' ? ports.h2c : client === 'bare' ? ports.bare : ports.tls;
}

describe.skipIf(!haveHaproxy)('HAProxy log, from a real HAProxy', () => {
  test('every request of every client, with its host and protocol', async () => {
    const clients: Client[] = ['h1', 'h2c', 'tls-h1', 'tls-h2', 'bare'];
    const sent: Sent[] = [];
    for (const client of clients) {
      for (let i = 0; i < 12; i++) {
        const method = i % 4 === 1 ? 'HEAD' : i % 4 === 2 ? 'DELETE' : 'GET';
        const query = i % 3 === 0 ? `?page=${i}&api_key=k${i}` : i % 3 === 1 ? `?status=${[404, 500, 201][i % 3 === 1 ? (i >> 2) % 3 : 0]}` : '';
        // A raw `"` (HTTP/1 clients send it as is) is logged as #22; HTTP/2 paths carry it percent-encoded.
        const quote = client === 'h2c' || client === 'tls-h2' ? '%22' : '"';
        sent.push({ client, method, target: `/api/${client}/items/${i}/${i % 2 ? `a${quote}b` : 'c'}${query}` });
      }
    }
    for (const s of sent) await send(s);
    const log = join(dir, 'haproxy.log');
    for (let i = 0; i < 50 && readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('/api/')).length < sent.length; i++) await new Promise((r) => setTimeout(r, 100));
    const { records: all, stderr, status } = runExtract([log]);
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('malformed 0');
    const records = all.filter((r) => r.path !== '/probe');
    expect(records).toHaveLength(sent.length);
    const byPath = new Map(records.map((r) => [r.path, r]));
    for (const s of sent) {
      const [path, query] = s.target.replace('"', '%22').split('?');
      const r = byPath.get(path);
      expect(r, `${s.client} ${s.target}`).toBeDefined();
      const host = { h1: `shop.test:${ports.plain}`, h2c: `shop.test:${ports.h2c}`, 'tls-h1': 'shop.test', 'tls-h2': `shop.test:${ports.tls}`, bare: undefined }[s.client];
      const transport = { h1: 'http/1.1', h2c: 'h2c', 'tls-h1': 'http/1.1', 'tls-h2': 'h2', bare: 'http/1.1' }[s.client];
      const auth = query ? collectAuthEvidence({ headers: [], query: query.split('&').map((p) => p.split('=') as [string, string]) }, KEY) : undefined;
      expect({ method: r!.method, query: r!.query, status: r!.status, host: r!.host, transport: r!.transport, auth: r!.auth }, `${s.client} ${s.target}`).toEqual({
        method: s.method, query: query ? queryParamNames(query) : undefined, status: s.status, host, transport, auth: auth?.[0]?.kind === 'none' ? undefined : auth,
      });
      // HAProxy counts the bytes it sent, headers included; a HEAD's response has no body, and its size is that 0.
      if (s.method === 'HEAD') expect(r!.responseBytes).toBe(0);
      else expect(r!.responseBytes!).toBeGreaterThan(s.received!);
    }
  }, 60_000);
});
