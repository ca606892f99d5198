import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { seededRandom } from '../../../lib/seeded-random';

export interface ApiCall {
  method: string;
  host: string;
  target: string;
  /** Request line and headers up to where the client's credential header goes… */
  request: Buffer;
  /** …and the rest of the request (framing headers, blank line, body). */
  requestTail: Buffer;
  response: Buffer;
}

/**
 * One client's credential header line: keep-alive connections belong to one client, so every request on a
 * connection carries the same token, as real API clients do.
 */
export function clientCredential(r: () => number): Buffer {
  const id = 1000 + Math.floor(r() * 90000);
  const kind = r();
  const line =
    kind < 0.7 ? `Authorization: Bearer ${jwt(id)}\r\n` : kind < 0.85 ? `X-Api-Key: k_live_${id.toString(36)}abcdef\r\n` : kind < 0.95 ? `Authorization: Basic ${Buffer.from(`svc:${id}`).toString('base64')}\r\n` : '';
  return Buffer.from(line);
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

/** A syntactically real HS256 JWT (signature over a throwaway key): what mirrors see in Authorization. */
function jwt(sub: number): string {
  const h = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const p = b64url(JSON.stringify({ iss: 'https://id.shop.example', aud: 'orders-api', sub: `user-${sub}`, scope: 'orders:read orders:write', exp: 1893456000 }));
  const sig = createHmac('sha256', 'bench').update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${sig}`;
}

function userJson(id: number): string {
  return `{"id":${id},"name":"User ${id}","email":"user${id}@example.com","created":"2024-03-0${(id % 9) + 1}T10:00:00Z","roles":["customer"],"address":{"city":"Lyon","zip":"690${id % 10}0"}}`;
}

function productJson(id: number): string {
  return `{"sku":"SKU-${id}","title":"Product ${id} with a longer marketing title","price":${(id % 500) + 0.99},"stock":${id % 77},"tags":["tag${id % 5}","tag${id % 7}"],"description":"${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(3)}"}`;
}

const UAS = ['okhttp/4.12.0', 'python-requests/2.32.3', 'Go-http-client/1.1', 'axios/1.7.2', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36'];
const HOSTS = ['api.shop.example', 'payments.internal:8443', 'legacy.shop.example'];

function response(status: string, headers: string[], body: Buffer | string, chunked = false): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${b.length}`;
  const head = Buffer.from(`HTTP/1.1 ${status}\r\nDate: Mon, 23 Nov 2026 10:00:00 GMT\r\nServer: envoy\r\n${headers.map((h) => `${h}\r\n`).join('')}${framing}\r\nx-request-id: 7f3c9a2e-1b4d-4c8e-9f00-${status.slice(0, 3)}\r\n\r\n`);
  if (!chunked) return Buffer.concat([head, b]);
  const parts: Buffer[] = [head];
  for (let o = 0; o < b.length; o += 2048) {
    const piece = b.subarray(o, Math.min(b.length, o + 2048));
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function request(method: string, host: string, target: string, _auth: string, ua: string, body?: string): [Buffer, Buffer] {
  const bodyHeaders = body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '';
  return [
    Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${ua}\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n`),
    Buffer.from(`${bodyHeaders}Connection: keep-alive\r\n\r\n${body ?? ''}`),
  ];
}

/**
 * A pool of realistic API calls (JSON CRUD, paging queries, gzip and chunked responses, JWT / API-key /
 * basic credentials, deprecated v1 endpoints with Deprecation/Sunset). Built once; the traffic
 * generator replays them with fresh TCP framing, so generation runs at disk speed.
 */
export function buildApiCatalog(seed: number, size = 512): ApiCall[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const calls: ApiCall[] = [];
  const json = 'Content-Type: application/json';
  for (let i = 0; i < size; i++) {
    const id = 1000 + Math.floor(r() * 90000);
    const host = pick(HOSTS);
    const ua = pick(UAS);
    const auth = '';
    const shape = r();
    let method = 'GET';
    let target: string;
    let req: [Buffer, Buffer];
    let res: Buffer;
    if (shape < 0.3) {
      target = `/api/v2/users/${id}`;
      req = request(method, host, target, auth, ua);
      res = response('200 OK', [json], userJson(id));
    } else if (shape < 0.45) {
      target = `/api/v2/users?page=${id % 40}&limit=50&sort=created`;
      req = request(method, host, target, auth, ua);
      const list = `[${Array.from({ length: 40 }, (_, k) => userJson(id + k)).join(',')}]`;
      res = response('200 OK', [json, 'Content-Encoding: gzip'], gzipSync(list));
    } else if (shape < 0.6) {
      target = `/api/v2/products?category=c${id % 12}&q=shoes`;
      req = request(method, host, target, auth, ua);
      res = response('200 OK', [json], `[${Array.from({ length: 8 + (id % 20) }, (_, k) => productJson(id + k)).join(',')}]`, true);
    } else if (shape < 0.75) {
      method = 'POST';
      target = '/api/v2/orders';
      req = request(method, host, target, auth, ua, `{"items":[{"sku":"SKU-${id}","qty":${(id % 4) + 1}}],"customer":${id},"coupon":null}`);
      res = response('201 Created', [json, `Location: /api/v2/orders/${id}`], `{"id":${id},"status":"created","total":${id % 300}.50}`);
    } else if (shape < 0.83) {
      method = pick(['PUT', 'PATCH']);
      target = `/api/v2/orders/${id}/status`;
      req = request(method, host, target, auth, ua, '{"status":"shipped"}');
      res = response('204 No Content', [], '');
    } else if (shape < 0.9) {
      target = `/api/v1/orders/${id}`;
      req = request(method, host, target, auth, ua);
      res = response(id % 5 === 0 ? '404 Not Found' : '200 OK', [json, 'Deprecation: @1735689600', 'Sunset: Wed, 31 Dec 2025 23:59:59 GMT'], id % 5 === 0 ? '{"error":"not found"}' : `{"id":${id},"status":"paid","lines":3}`);
    } else if (shape < 0.95) {
      method = 'DELETE';
      target = `/api/v2/sessions/${id.toString(16)}`;
      req = request(method, host, target, auth, ua);
      res = response('204 No Content', [], '');
    } else if (shape < 0.96) {
      // Heavy tail: report exports and document downloads are a small share of calls, a large share of bytes.
      target = `/api/v2/reports/${id}/export?format=csv`;
      req = request(method, host, target, auth, ua);
      const rows = 600 + (id % 2000);
      const csv = Array.from({ length: rows }, (_, k) => `${id + k},2026-11-${String((k % 28) + 1).padStart(2, '0')},SKU-${(id * k) % 9973},${(k % 7) + 1},${((id + k) % 500) + 0.5}`).join('\n');
      res = response('200 OK', ['Content-Type: text/csv', `Content-Disposition: attachment; filename="report-${id}.csv"`], csv);
    } else if (shape < 0.97) {
      target = `/api/v2/invoices/${id}.pdf`;
      req = request(method, host, target, auth, ua);
      const pdf = Buffer.alloc(60_000 + (id % 200_000));
      for (let k = 0; k < pdf.length; k += 4) pdf.writeUInt32LE(Math.floor(r() * 2 ** 32), Math.min(k, pdf.length - 4));
      res = response('200 OK', ['Content-Type: application/pdf'], pdf);
    } else {
      target = '/healthz';
      req = request(method, host, target, '', 'kube-probe/1.30');
      res = response('200 OK', ['Content-Type: text/plain'], 'ok');
    }
    calls.push({ method, host, target, request: req[0], requestTail: req[1], response: res });
  }
  return calls;
}
