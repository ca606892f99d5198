import fc from 'fast-check';
import type { Turn } from './conversation';

/**
 * Random HTTP/1.x conversations on one keep-alive connection, as scripted turns for conversationPcap: methods
 * with and without bodies, Content-Length and chunked framing both ways (chunk extensions and trailers),
 * bodiless responses (HEAD, 204, 304), `Expect: 100-continue` with its interim response, HTTP/1.0 requests,
 * any Host header case, absolute-form targets (a forward proxy's clients), and pipelining (every request before any
 * response).
 */
const segment = fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/);
const target = fc
  .tuple(fc.array(segment, { maxLength: 4 }), fc.array(fc.tuple(segment, segment), { maxLength: 3 }))
  .map(([path, query]) => `/${path.join('/')}${query.length > 0 ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`);
const body = fc.stringMatching(/^[ -~]{0,300}$/);

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', 'OPTIONS'),
  target,
  host: fc.constantFrom('api.test', 'API.Test:8080', 'h.test'),
  hostHeader: fc.constantFrom('Host', 'host', 'HOST'),
  /** As sent to a forward proxy: `GET http://host/path HTTP/1.1` (RFC 9112 §3.2.2). */
  absolute: fc.constantFrom(false, false, false, true),
  http10: fc.boolean(),
  body,
  chunked: fc.boolean(),
  expect100: fc.boolean(),
  headers: fc.array(fc.constantFrom('Accept: */*', 'X-Api-Key: k1', 'Cookie: a=1; b=2', 'Authorization: Bearer abc', 'Connection: keep-alive', 'User-Agent: t/1'), { maxLength: 3 }),
});
const response = fc.record({
  status: fc.constantFrom(200, 201, 204, 301, 304, 404, 500),
  body,
  framing: fc.constantFrom('length', 'chunked', 'chunked with extensions'),
});

export interface Http1Script {
  turns: Turn[];
  /** Requests sent, in order. */
  requests: number;
  /** All requests sent before any response (the client does not wait). */
  pipelined: boolean;
}

export const http1Script: fc.Arbitrary<Http1Script> = fc
  .tuple(fc.array(fc.tuple(request, response), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([pairs, pipelined]) => {
    const requests: string[] = [];
    const responses: string[] = [];
    const waits: boolean[] = [];
    for (const [q, r] of pairs) {
      const hasBody = q.method === 'POST' || q.method === 'PUT' || q.method === 'PATCH';
      const waitsForContinue = hasBody && q.expect100 && !pipelined;
      const requestTarget = q.absolute ? `http://${q.host}${q.target}` : q.target;
      let head = `${q.method} ${requestTarget} HTTP/1.${q.http10 ? 0 : 1}\r\n${q.hostHeader}: ${q.host}\r\n${q.headers.map((h) => `${h}\r\n`).join('')}`;
      if (waitsForContinue) head += 'Expect: 100-continue\r\n';
      if (hasBody) head += q.chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${q.body.length}\r\n`;
      requests.push(`${head}\r\n${hasBody ? (q.chunked ? chunked(q.body, false) : q.body) : ''}`);
      waits.push(waitsForContinue);
      const bodiless = q.method === 'HEAD' || r.status === 204 || r.status === 304;
      let rh = `HTTP/1.1 ${r.status} X\r\nContent-Type: application/json\r\n`;
      let rb = '';
      if (bodiless || r.framing === 'length') {
        rh += `Content-Length: ${r.body.length}\r\n`;
        if (!bodiless) rb = r.body;
      } else {
        rh += 'Transfer-Encoding: chunked\r\n';
        rb = chunked(r.body, r.framing === 'chunked with extensions');
      }
      responses.push(`${rh}\r\n${rb}`);
    }
    const turns: Turn[] = [];
    if (pipelined) turns.push({ from: 'client', data: requests.join('') }, { from: 'server', data: responses.join('') });
    else {
      requests.forEach((req, i) => {
        if (waits[i]) {
          // The client sends its body only after the interim response.
          const cut = req.indexOf('\r\n\r\n') + 4;
          turns.push({ from: 'client', data: req.slice(0, cut) }, { from: 'server', data: 'HTTP/1.1 100 Continue\r\n\r\n' }, { from: 'client', data: req.slice(cut) });
        } else turns.push({ from: 'client', data: req });
        turns.push({ from: 'server', data: responses[i] });
      });
    }
    return { turns, requests: pairs.length, pipelined };
  });

function chunked(data: string, extensions: boolean): string {
  let out = '';
  for (let i = 0; i < data.length; i += 37) {
    const piece = data.slice(i, i + 37);
    out += `${piece.length.toString(16)}${extensions ? ';x=1' : ''}\r\n${piece}\r\n`;
  }
  return `${out}0\r\n${extensions ? 'X-Trailer: t\r\n' : ''}\r\n`;
}
