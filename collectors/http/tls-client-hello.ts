import { canonicalHost } from '../../lib/openapi/servers';

/** What a ClientHello says about the connection without decrypting anything. */
export interface ClientHelloInfo {
  sni?: string;
  alpn?: string[];
}

/** TLS records carry a ClientHello of at most a few KiB (post-quantum key shares push it past one segment). */
export const MAX_CLIENT_HELLO = 16 << 10;

/**
 * Parses a ClientHello from the start of a TLS stream (RFC 8446 §4.1.2), joining handshake fragments
 * spread over several records. `need-more` until the whole handshake message is present; with `cut` (the
 * rest was not captured: a snapshot length), what the extensions present say, if they name a server or
 * protocols.
 */
export function parseClientHello(buf: Buffer, cut = false): ClientHelloInfo | 'need-more' | 'invalid' {
  // Reassemble the handshake layer out of consecutive handshake records.
  const parts: Buffer[] = [];
  let have = 0;
  let want = -1;
  let o = 0;
  while (o + 5 <= buf.length) {
    if (buf[o] !== 0x16 || buf[o + 1] !== 3) return 'invalid';
    const recLen = buf.readUInt16BE(o + 3);
    const body = buf.subarray(o + 5, Math.min(buf.length, o + 5 + recLen));
    parts.push(body);
    have += body.length;
    if (want === -1 && have >= 4) {
      const hs = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      if (hs[0] !== 1) return 'invalid';
      want = 4 + hs.readUIntBE(1, 3);
      if (want > MAX_CLIENT_HELLO) return 'invalid';
    }
    if (want !== -1 && have >= want) break;
    if (body.length < recLen) break;
    o += 5 + recLen;
  }
  if (want === -1 || have < want) {
    if (!cut || want === -1) return 'need-more';
    const partial = readHello(Buffer.concat(parts).subarray(4), true);
    return partial !== 'invalid' && (partial.sni || partial.alpn) ? partial : 'invalid';
  }
  return readHello(Buffer.concat(parts).subarray(4, want));
}

function readHello(h: Buffer, cut = false): ClientHelloInfo | 'invalid' {
  let o = 2 + 32; // legacy_version, random
  if (o + 1 > h.length) return 'invalid';
  o += 1 + h[o]; // session id
  if (o + 2 > h.length) return 'invalid';
  o += 2 + h.readUInt16BE(o); // cipher suites
  if (o + 1 > h.length) return 'invalid';
  o += 1 + h[o]; // compression methods
  const info: ClientHelloInfo = {};
  if (o + 2 > h.length) return info; // SSLv3-style hello without extensions
  const extEnd = Math.min(h.length, o + 2 + h.readUInt16BE(o));
  o += 2;
  while (o + 4 <= extEnd) {
    const type = h.readUInt16BE(o);
    const len = h.readUInt16BE(o + 2);
    const body = o + 4;
    if (body + len > extEnd) return cut ? info : 'invalid';
    if (type === 0) info.sni = readServerName(h, body, body + len);
    else if (type === 16) info.alpn = readAlpn(h, body, body + len);
    o = body + len;
  }
  return info;
}

function readServerName(h: Buffer, o: number, end: number): string | undefined {
  if (o + 2 > end) return undefined;
  let p = o + 2;
  while (p + 3 <= end) {
    const type = h[p];
    const len = h.readUInt16BE(p + 1);
    if (p + 3 + len > end) return undefined;
    if (type === 0) {
      // RFC 6066 wants the A-label without the root's dot, but clients send `api.x.com.` (a name typed fully
      // qualified) and some a U-label: the same host, folded as a Host header is (canonicalHost), not another one.
      const name = canonicalHost(h.toString('utf8', p + 3, p + 3 + len)) ?? '';
      return /^[a-z0-9._-]{1,255}$/.test(name) ? name : undefined;
    }
    p += 3 + len;
  }
  return undefined;
}

function readAlpn(h: Buffer, o: number, end: number): string[] | undefined {
  if (o + 2 > end) return undefined;
  const out: string[] = [];
  let p = o + 2;
  while (p < end && out.length < 16) {
    const len = h[p];
    if (p + 1 + len > end) break;
    out.push(h.toString('latin1', p + 1, p + 1 + len).slice(0, 64));
    p += 1 + len;
  }
  return out.length > 0 ? out : undefined;
}
