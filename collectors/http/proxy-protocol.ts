/**
 * The PROXY protocol header (HAProxy's spec, v1 and v2) a load balancer sends before the client's first byte when
 * it passes the client's address on (HAProxy `send-proxy`, AWS NLB and Azure Private Link, nginx `proxy_protocol`).
 * A capture on the backend sees it in front of the request line or the TLS ClientHello.
 */
const V2_SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');
/** v1: `PROXY` SP … CRLF, at most 107 bytes in all. */
const V1_MAX = 107;
const V1_START = Buffer.from('PROXY ', 'latin1');
const V1_LINE = /^PROXY (?:TCP[46] [^\r\n]*|UNKNOWN(?: [^\r\n]*)?)\r\n$/;

/**
 * The length of the PROXY header at buf[start, end): 0 when there is none, or it is not whole in these bytes
 * (the connection is then read as before, from its first byte).
 */
export function proxyHeaderLength(buf: Buffer, start: number, end: number): number {
  const n = end - start;
  if (n >= 16 && buf[start] === 0x0d && buf.compare(V2_SIGNATURE, 0, 12, start, start + 12) === 0) {
    // Version 2 in the high nibble; the address block's length follows the family byte.
    if (buf[start + 12] >> 4 !== 2) return 0;
    const len = 16 + buf.readUInt16BE(start + 14);
    return len <= n ? len : 0;
  }
  if (n >= 8 && buf[start] === 0x50 && buf.compare(V1_START, 0, 6, start, start + 6) === 0) {
    const lf = buf.indexOf(10, start);
    if (lf === -1 || lf >= end || lf - start >= V1_MAX || buf[lf - 1] !== 13) return 0;
    // A request with a method named PROXY is not one: the protocol names the transport next.
    return V1_LINE.test(buf.toString('latin1', start, lf + 1)) ? lf + 1 - start : 0;
  }
  return 0;
}
