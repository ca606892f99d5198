/** HTTP/2 connection preface (RFC 9113 §3.4), sent by the client first. */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** `true` when the bytes start with (a prefix of) the HTTP/2 client preface. */
export function startsWithPreface(buf: Buffer, start: number, end: number): boolean {
  const n = Math.min(end - start, H2_PREFACE.length);
  return n >= 4 && buf.compare(H2_PREFACE, 0, n, start, start + n) === 0;
}

/** An HTTP/2 server speaks first with a SETTINGS frame on stream 0 (RFC 9113 §3.4): 9-byte header, type 4. */
export function looksLikeSettings(buf: Buffer, start: number, end: number): boolean {
  return end - start >= 9 && buf[start + 3] === 4 && buf.readUInt32BE(start + 5) === 0 && buf.readUIntBE(start, 3) % 6 === 0;
}
