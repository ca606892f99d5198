/**
 * Whether a request came from inside (RFC 1918, loopback, CGNAT, ULA, link-local) or from the
 * internet. A shadow endpoint called from the internet matters more than one only a sidecar uses.
 */
export type ClientNetwork = 'internal' | 'public' | 'unknown';

/** Sources repeat (a few clients, many requests); classifying each once keeps this off the hot path. */
const cache = new Map<string, ClientNetwork>();
const CACHE_LIMIT = 8192;

export function clientNetwork(src: string | undefined): ClientNetwork {
  if (!src) return 'unknown';
  const ip = stripPort(src);
  let known = cache.get(ip);
  if (known === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    known = classifyAddress(ip);
    cache.set(ip, known);
  }
  return known;
}

function classifyAddress(ip: string): ClientNetwork {
  if (ip.includes(':')) {
    const v6 = ip.toLowerCase();
    if (v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80')) return 'internal';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    return mapped ? classifyAddress(mapped[1]) : 'public';
  }
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return 'unknown';
  const [a, b] = parts;
  if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'internal';
  if (a === 100 && b >= 64 && b <= 127) return 'internal';
  if (a === 169 && b === 254) return 'internal';
  return 'public';
}

/** `1.2.3.4:80` → `1.2.3.4`; `[2001:db8::1]:443` → `2001:db8::1`; a bare address is returned as is. */
function stripPort(src: string): string {
  if (src.charCodeAt(0) === 91) return src.slice(1, src.indexOf(']'));
  const first = src.indexOf(':');
  return first !== -1 && first === src.lastIndexOf(':') ? src.slice(0, first) : src;
}
