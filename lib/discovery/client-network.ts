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
  // IPv4 (nearly every source) is read in place: a log of internet clients has more distinct addresses than any
  // cache holds, and splitting each one was an eighth of `discover`'s time on such a log.
  const v4 = dottedQuad(src);
  if (v4 !== undefined) return v4;
  const ip = stripPort(src);
  let known = cache.get(ip);
  if (known === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    known = classifyAddress(ip);
    cache.set(ip, known);
  }
  return known;
}

export function classifyAddress(ip: string): ClientNetwork {
  if (ip.includes(':')) {
    const v6 = ip.toLowerCase();
    if (v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80')) return 'internal';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
    return mapped ? classifyAddress(mapped[1]) : 'public';
  }
  const parts = ip.split('.');
  // Each part 1–3 digits (an empty one, `1..2.3`, read as 0 before), at most 255.
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return 'unknown';
  return quadNetwork(Number(parts[0]), Number(parts[1]));
}

/**
 * `a.b.c.d` or `a.b.c.d:port`, classified without allocating; undefined for anything else (IPv6, a bracket,
 * a malformed quad), which the general path decides.
 */
function dottedQuad(src: string): ClientNetwork | undefined {
  let octet = -1;
  let index = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet === -1 ? c - 48 : octet * 10 + (c - 48);
      if (octet > 255) return undefined;
      continue;
    }
    if (octet === -1) return undefined;
    if (index === 0) a = octet;
    else if (index === 1) b = octet;
    index++;
    octet = -1;
    if (c === 58 /* : */) {
      if (index !== 4) return undefined;
      for (let j = i + 1; j < src.length; j++) {
        const d = src.charCodeAt(j);
        if (d < 48 || d > 57) return undefined;
      }
      return quadNetwork(a, b);
    }
    if (c !== 46 /* . */ || index > 3) return undefined;
  }
  return octet !== -1 && index === 3 ? quadNetwork(a, b) : undefined;
}

function quadNetwork(a: number, b: number): ClientNetwork {
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
