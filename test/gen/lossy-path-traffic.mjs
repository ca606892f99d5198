// Keep-alive HTTP/1.1 traffic for a path that loses and duplicates packets (pcap-lossy-path.test.ts).
// Plain JavaScript so it runs anywhere node does (`ip netns exec … node`).
//   node lossy-path-traffic.mjs server ADDR PORT
//   node lossy-path-traffic.mjs client ADDR PORT REQUESTS
// The client prints what really happened, one JSON object per request on a line of its own:
// { method, host, path, status, requestBytes, responseBytes } (body bytes on the wire: de-chunked, not decoded).
import { Agent, createServer, request } from 'node:http';
import { gzipSync } from 'node:zlib';

const [mode, addr, port, count] = process.argv.slice(2);

if (mode === 'server') {
  const server = createServer((req, res) => {
    let got = 0;
    req.on('data', (c) => (got += c.length));
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      const status = Number(u.searchParams.get('status'));
      const body = JSON.stringify({ got, pad: 'p'.repeat(Number(u.searchParams.get('size'))) });
      const framing = u.searchParams.get('framing');
      if (framing === 'chunked') {
        res.writeHead(status, { 'content-type': 'application/json' });
        for (let i = 0; i < body.length; i += 3000) res.write(body.slice(i, i + 3000));
        res.end();
      } else {
        const bytes = framing === 'gzip' ? gzipSync(body) : Buffer.from(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length, ...(framing === 'gzip' ? { 'content-encoding': 'gzip' } : {}) });
        res.end(bytes);
      }
    });
  });
  // Node closes a keep-alive connection 5 s after it handed a response to the kernel, not after the client
  // got it: when the path loses the same segment a few times over (retransmission timeouts double), the
  // client's next request meets a closed socket ("socket hang up"). No idle limit: the client closes.
  server.keepAliveTimeout = 0;
  server.listen(Number(port), addr, () => process.stdout.write('listening\n'));
} else {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let seed = 7;
  const pick = (list) => list[Math.floor(((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000) * list.length)];
  const total = Number(count);
  let next = 0;
  let open = 0;
  const one = () => {
    if (next >= total) {
      if (open === 0) agent.destroy();
      return;
    }
    const k = next++;
    open++;
    const host = `svc${k % 3}.test`;
    const path = `/api/r${k % 50}/items/${k}`;
    const upload = pick([0, 0, 0, 5, 2000, 40_000]);
    const method = upload > 0 ? 'POST' : 'GET';
    const query = `size=${pick([10, 500, 3000, 20_000, 80_000])}&status=${pick([200, 200, 201, 404, 500])}&framing=${pick(['length', 'chunked', 'gzip'])}`;
    const req = request({ agent, host: addr, port: Number(port), method, path: `${path}?${query}`, headers: { host, authorization: `Bearer token-${k % 5}`, ...(upload ? { 'content-type': 'text/plain' } : {}) } }, (res) => {
      let responseBytes = 0;
      res.on('data', (c) => (responseBytes += c.length));
      res.on('end', () => {
        process.stdout.write(`${JSON.stringify({ method, host, path, status: res.statusCode, requestBytes: upload, responseBytes })}\n`);
        open--;
        one();
      });
    });
    req.on('error', (err) => {
      process.stderr.write(`request ${k}: ${err.message}\n`);
      process.exitCode = 1;
    });
    req.end(upload ? 'b'.repeat(upload) : undefined);
  };
  for (let c = 0; c < 8; c++) one();
}
