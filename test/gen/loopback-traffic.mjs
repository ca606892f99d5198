// Real HTTP traffic on loopback from Node's own clients and servers: HTTP/1.1 keep-alive (JSON, gzip, chunked
// uploads, large CSV responses) and h2c with concurrent streams. Prints what was sent as JSON on stdout:
// { sent: ["METHOD host path", …] }. Plain JavaScript so it runs anywhere node does (`ip netns exec … node`).
// Usage: node loopback-traffic.mjs HTTP1_PORT H2C_PORT [REQUESTS]
import { Agent, createServer, request } from 'node:http';
import * as http2 from 'node:http2';
import { gzipSync } from 'node:zlib';

const [http1Port, h2cPort] = [Number(process.argv[2]), Number(process.argv[3])];
const requests = Number(process.argv[4] ?? 120);
const sent = [];

const http1 = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url.startsWith('/v1/exports/')) {
      // Large enough for the sender to build segmentation-offload super-frames.
      res.writeHead(200, { 'content-type': 'text/csv' });
      for (let i = 0; i < 16; i++) res.write(`${'x'.repeat(20_000)}\n`);
      res.end();
      return;
    }
    const body = gzipSync(JSON.stringify({ url: req.url }));
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.length });
    res.end(body);
  });
});
await new Promise((resolve) => http1.listen(http1Port, '127.0.0.1', resolve));
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const host = `127.0.0.1:${http1Port}`;
let batch = [];
for (let i = 0; i < requests; i++) {
  const method = i % 3 === 0 ? 'POST' : 'GET';
  const path = i % 6 === 1 ? `/v1/exports/${i}` : `/v1/orders/${i}/items`;
  const body = method === 'POST' ? JSON.stringify({ pad: 'z'.repeat((i * 7919) % 60_000) }) : undefined;
  sent.push(`${method} ${host} ${path}`);
  batch.push(
    new Promise((resolve, reject) => {
      const headers = { authorization: `Bearer token-${i % 4}`, 'content-type': 'application/json' };
      const req = request({ host: '127.0.0.1', port: http1Port, method, path: `${path}?page=${i}`, agent, headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      // Every other upload chunked: no Content-Length, two writes.
      if (body !== undefined && i % 2 === 0) req.write(body.slice(0, 100));
      req.end(body !== undefined && i % 2 === 0 ? body.slice(100) : body);
    }),
  );
  if (batch.length === 8) await Promise.all(batch.splice(0));
}
await Promise.all(batch);
agent.destroy();
http1.close();

const h2 = http2.createServer();
h2.on('stream', (stream) => {
  stream.resume();
  stream.on('end', () => {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
    stream.end('ok');
  });
});
await new Promise((resolve) => h2.listen(h2cPort, '127.0.0.1', resolve));
const client = http2.connect(`http://127.0.0.1:${h2cPort}`);
await Promise.all(
  Array.from({ length: Math.ceil(requests / 2) }, (_, i) => {
    const path = `/lantern.Orders/Get${i % 5}`;
    sent.push(`POST 127.0.0.1:${h2cPort} ${path}`);
    return new Promise((resolve, reject) => {
      const stream = client.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc' });
      stream.resume();
      stream.on('end', resolve);
      stream.on('error', reject);
      stream.end(Buffer.alloc(64 + ((i * 131) % 4000)));
    });
  }),
);
client.close();
h2.close();
process.stdout.write(`${JSON.stringify({ sent })}\n`);
