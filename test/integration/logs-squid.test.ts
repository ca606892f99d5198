import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../free-port';
import { hasCommand, requireFor } from '../require';
import { runExtract } from './logs-cli';

/**
 * Real Squid (Debian's) as the forward proxy of a client: every request sent through it must come back from
 * `lantern extract` on Squid's native access log with its method, host, path, status and content type; a CONNECT
 * tunnel as a host-level record.
 */
const haveSquid = requireFor('Squid access-log test', hasCommand('squid') || hasCommand('/usr/sbin/squid'), 'apt-get install squid');

let dir: string;
let backend: Server;
let squid: ChildProcess;
let proxyPort: number;
let upstream: number;

beforeAll(async () => {
  if (!haveSquid) return;
  dir = mkdtempSync(join(tmpdir(), 'lantern-squid-'));
  // Squid drops to its own user for logging: the directory must be writable by it.
  chmodSync(dir, 0o777);
  backend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const gone = req.url?.startsWith('/gone');
      res.writeHead(gone ? 410 : req.method === 'POST' ? 201 : 200, { 'content-type': gone ? 'application/problem+json' : 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  upstream = (backend.address() as AddressInfo).port;
  proxyPort = await freePort();
  writeFileSync(join(dir, 'squid.conf'), [
    `http_port 127.0.0.1:${proxyPort}`, `pid_filename ${dir}/squid.pid`, `access_log stdio:${dir}/access.log squid`,
    `cache_log ${dir}/cache.log`, 'cache deny all', 'http_access allow all', `coredump_dir ${dir}`, 'shutdown_lifetime 0 seconds',
  ].join('\n'));
  squid = spawn(hasCommand('squid') ? 'squid' : '/usr/sbin/squid', ['-f', join(dir, 'squid.conf'), '-N'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await viaProxy('GET', '/probe').then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`squid did not start: ${readFileSync(join(dir, 'cache.log'), 'utf8').slice(-2000)}`);
}, 30_000);

afterAll(async () => {
  squid?.kill('SIGTERM');
  await new Promise((r) => backend?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A request through the proxy: absolute-form target, as an HTTP client configured with a proxy sends it. */
function viaProxy(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, method, path: `http://127.0.0.1:${upstream}${path}`, headers: { host: `127.0.0.1:${upstream}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function tunnel(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, method: 'CONNECT', path: `127.0.0.1:${upstream}` });
    req.on('connect', (_res, socket) => {
      socket.end();
      socket.on('close', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!haveSquid)('Squid native access log, from a real Squid', () => {
  test('every request through the proxy, as sent and answered; a CONNECT tunnel as its host', async () => {
    const sent: Array<[string, string, number]> = [];
    for (let i = 0; i < 30; i++) {
      const method = i % 4 === 0 ? 'POST' : 'GET';
      const path = i % 5 === 0 ? `/gone/${i}` : `/api/orders/${i}${i % 3 === 0 ? `?page=${i}` : ''}`;
      sent.push([method, path.split('?')[0], await viaProxy(method, path, method === 'POST' ? '{"a":1}' : undefined)]);
    }
    await tunnel();
    const log = join(dir, 'access.log');
    // Squid writes a line when the reply is done, buffered: wait for all of them.
    for (let i = 0; i < 100 && readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('/api/') || l.includes('/gone/') || l.includes('CONNECT')).length < 31; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const { records, stderr, status } = runExtract([log]);
    expect(status, stderr).toBe(0);
    expect(stderr).toContain('malformed 0');
    const requests = records.filter((r) => r.path !== '/probe' && r.method !== undefined);
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual(sent);
    for (const r of requests) {
      expect(r.host).toBe(`127.0.0.1:${upstream}`);
      expect(r.src).toBe('127.0.0.1');
      expect(r.responseContentType).toBe(r.status === 410 ? 'application/problem+json' : 'application/json');
    }
    const tunnels = records.filter((r) => r.method === undefined);
    expect(tunnels.map((r) => [r.host, r.status])).toEqual([[`127.0.0.1:${upstream}`, 200]]);
  }, 60_000);
});
