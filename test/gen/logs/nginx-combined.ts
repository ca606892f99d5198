import { createWriteStream } from 'node:fs';

/**
 * Generates nginx `combined` access-log lines for benchmarks and follow tests: realistic shapes
 * (IPv4 and IPv6 clients, query strings, browser and API-client agents, 1–5 % errors) and
 * high-cardinality paths (numeric ids, UUID-like and hex ids), so no parser can win by caching paths.
 * Deterministic for a given seed; one line per call of `line(i)`.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'okhttp/4.12.0',
  'python-requests/2.31.0',
  'curl/8.4.0',
  'Go-http-client/2.0',
];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const STATUSES = [200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 500, 503];
const RESOURCES = ['users', 'orders', 'invoices', 'products', 'carts', 'sessions', 'accounts', 'payments'];

/**
 * `sequencePaths` puts the line's index in its path (`/seq/<i>`): follow tests count every index
 * exactly once in the output.
 */
export function createCombinedLineGenerator(seed = 1, startMs = Date.UTC(2024, 0, 15, 8, 0, 0), sequencePaths = false) {
  let state = seed >>> 0 || 1;
  const rand = (n: number) => {
    // xorshift32: fast and deterministic, plenty for synthetic logs.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  return (i: number): string => {
    const t = new Date(startMs + Math.floor(i / 50) * 1000); // ~50 requests a second
    const ts = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
    const ip = rand(20) === 0 ? `2001:db8::${rand(65536).toString(16)}` : `10.${rand(256)}.${rand(256)}.${rand(256)}`;
    const res = RESOURCES[rand(RESOURCES.length)];
    const id = rand(3) === 0 ? rand(1e9).toString(16).padStart(8, '0') + '-' + rand(65536).toString(16) : String(rand(1e7));
    const sub = rand(4) === 0 ? `/${RESOURCES[rand(RESOURCES.length)]}/${rand(1e5)}` : '';
    const query = rand(3) === 0 ? `?page=${rand(50)}&limit=${rand(100)}` : rand(10) === 0 ? `?q=${rand(1e6)}&sort=asc` : '';
    const method = METHODS[rand(METHODS.length)];
    const status = STATUSES[rand(STATUSES.length)];
    const path = sequencePaths ? `/seq/${i}` : `/api/v${1 + rand(3)}/${res}/${id}${sub}`;
    return `${ip} - - [${ts}] "${method} ${path}${query} HTTP/1.1" ${status} ${rand(20000)} "-" "${AGENTS[rand(AGENTS.length)]}"`;
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Writes (or appends) `count` lines to `path`, in 1 MiB writes. */
export async function writeCombinedLog(
  path: string,
  count: number,
  opts: { seed?: number; firstIndex?: number; sequencePaths?: boolean; append?: boolean } = {},
): Promise<void> {
  const { seed = 1, firstIndex = 0, sequencePaths = false, append = false } = opts;
  const line = createCombinedLineGenerator(seed, undefined, sequencePaths);
  const out = createWriteStream(path, { flags: append ? 'a' : 'w' });
  let buf: string[] = [];
  let size = 0;
  for (let i = firstIndex; i < firstIndex + count; i++) {
    const l = line(i);
    buf.push(l);
    size += l.length + 1;
    if (size >= 1 << 20) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
      size = 0;
    }
  }
  if (buf.length > 0) out.write(buf.join('\n') + '\n');
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
