import http2 from 'node:http2';
import net from 'node:net';

/** Bytes as they crossed a loopback proxy between a Node http2 client and server, in arrival order. */
export interface Chunk {
  fromClient: boolean;
  data: Buffer;
}

/** What the server saw and answered, per request (the ground truth). */
export interface TruthRow {
  i: number;
  stream: number;
  method: string;
  path: string;
  authority: string;
  status: number;
  body: number;
}

/** Where a frame sits in its direction's byte stream (the client's starts after the preface). */
export interface FrameAt {
  fromClient: boolean;
  type: number;
  stream: number;
  start: number;
  end: number;
}

export interface H2cRecording {
  chunks: Chunk[];
  /** Sorted by stream. */
  truth: TruthRow[];
  frames: FrameAt[];
}

export interface PlannedRequest {
  method: string;
  path: string;
  authority: string;
  /** Request body bytes of JSON filler, sent in DATA frames after the HEADERS. */
  body?: number;
}

const PREFACE_LENGTH = 24;

/**
 * Runs the planned requests one after another over h2c (prior knowledge) between a Node http2 client and
 * server, through a TCP proxy that records both directions: real nghttp2 framing and HPACK, for tests.
 * Each request carries `x-request-id` = its index; the server answers `statusFor(path)` with a JSON body.
 */
export async function recordH2c(planned: PlannedRequest[], statusFor: (path: string) => number): Promise<H2cRecording> {
  const truth: TruthRow[] = [];
  const server = http2.createServer();
  server.on('stream', (stream, headers) => {
    const path = String(headers[':path']);
    const status = statusFor(path);
    let body = 0;
    stream.on('data', (d: Buffer) => (body += d.length));
    stream.on('end', () => {
      truth.push({ i: Number(headers['x-request-id']), stream: stream.id!, method: String(headers[':method']), path, authority: String(headers[':authority']), status, body });
      stream.respond({ ':status': status, 'content-type': 'application/json', 'x-trace-id': `t-${stream.id}`, 'cache-control': 'no-store' });
      stream.end(JSON.stringify({ path, pad: 'x'.repeat((stream.id! * 37) % 300) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const chunks: Chunk[] = [];
  const proxy = net.createServer((down) => {
    const up = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    down.on('data', (d: Buffer) => {
      chunks.push({ fromClient: true, data: Buffer.from(d) });
      up.write(d);
    });
    up.on('data', (d: Buffer) => {
      chunks.push({ fromClient: false, data: Buffer.from(d) });
      down.write(d);
    });
    down.on('end', () => up.end());
    up.on('end', () => down.end());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const client = http2.connect(`http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`);
  for (const [i, p] of planned.entries()) {
    const headers = { ':method': p.method, ':path': p.path, ':authority': p.authority, 'user-agent': 'lantern-test/1.0', 'x-tenant': `tenant-${i % 5}`, 'x-request-id': String(i) };
    const req = client.request(p.body ? { ...headers, 'content-type': 'application/json' } : headers, { endStream: !p.body });
    if (p.body) req.end(JSON.stringify({ i, fill: 'y'.repeat(p.body) }));
    req.resume();
    await new Promise<void>((resolve, reject) => req.on('close', resolve).on('error', reject));
  }
  await new Promise<void>((r) => client.close(r));
  await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => proxy.close(r));
  await new Promise((r) => server.close(r));
  truth.sort((a, b) => a.stream - b.stream);
  return { chunks, truth, frames: [...walkFrames(chunks, true), ...walkFrames(chunks, false)] };
}

function walkFrames(chunks: Chunk[], fromClient: boolean): FrameAt[] {
  const bytes = Buffer.concat(chunks.filter((c) => c.fromClient === fromClient).map((c) => c.data));
  const out: FrameAt[] = [];
  for (let o = fromClient ? PREFACE_LENGTH : 0; o + 9 <= bytes.length; ) {
    const end = o + 9 + bytes.readUIntBE(o, 3);
    out.push({ fromClient, type: bytes[o + 3], stream: bytes.readUInt32BE(o + 5) & 0x7fffffff, start: o, end });
    o = end;
  }
  return out;
}

/** The answer the recording server gives per path: static-table (200, 404) and literal (201, 418, 503) statuses. */
export function statusFor(path: string): number {
  if (path.endsWith('/missing')) return 404;
  if (path.endsWith('/new')) return 201;
  if (path.endsWith('/teapot')) return 418;
  if (path.startsWith('/health/busy')) return 503;
  return 200;
}

/** Where the frame of `type` belonging to request `i` (in the order planned) sits in its direction's bytes. */
export function frameOfRequest(rec: H2cRecording, fromClient: boolean, type: number, i: number): FrameAt {
  const stream = rec.truth[i].stream;
  return rec.frames.find((f) => f.fromClient === fromClient && f.type === type && f.stream === stream)!;
}
