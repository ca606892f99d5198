/**
 * One spelling of a request target for every source, as browsers send it and RFC 3986 §2.1 writes it: the bytes
 * outside printable ASCII (controls, DEL, and every byte of a non-ASCII character) are percent-encoded from their
 * bytes, `/café` being `/caf%C3%A9`. Before, the same request was `/caf\xC3\xA9` from nginx's default log,
 * `/café` from a JSON log and `/cafÃ©` from a capture (its bytes read as latin1): three endpoints. Matching and
 * templating decode the escapes again (lib/openapi/request-path.ts), so the endpoint still reads `/café`.
 */

const NOT_PRINTABLE = /[^\x20-\x7e]/;
const HEX = Array.from({ length: 256 }, (_, b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`);

/** One byte as a percent escape (`%C3`). */
export function percentByte(byte: number): string {
  return HEX[byte & 0xff];
}

/** A target read as text (a log line or JSON string): a non-ASCII character is encoded as its UTF-8 bytes. */
export function percentEncodeTargetText(target: string): string {
  if (!NOT_PRINTABLE.test(target)) return target;
  let out = '';
  for (const ch of target) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c < 0x80) out += HEX[c];
    else for (const b of UTF8.encode(ch)) out += HEX[b];
  }
  return out;
}

/** A target read as bytes, one character each (a capture's latin1 string): each byte outside printable ASCII encoded. */
export function percentEncodeTargetBytes(target: string): string {
  if (!NOT_PRINTABLE.test(target)) return target;
  let out = '';
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? target[i] : HEX[c & 0xff];
  }
  return out;
}

const UTF8 = new TextEncoder();
