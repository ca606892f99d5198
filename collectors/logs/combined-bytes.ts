import { parseClfTime } from './clf-time';
import { MAX_NAMES, queryNames } from './combined-bytes-query';
import type { ByteLane, JsonByteOutput } from './json-bytes';

/**
 * The byte lane of `extract` for plain nginx/Apache combined lines: the line is read from the input
 * buffer in one pass and its record written, as bytes, straight into the output buffer, in the
 * order `JSON.stringify` gives the record `combined.ts` builds (input and output list the fields in
 * the same order, but for the time, whose ISO form has a fixed width and so a fixed place). No
 * string, object or regex per line: those were most of the cost at a million lines a second.
 *
 * It accepts the lines `combined-json.ts` accepts and also IPv6 clients, and writes what the general
 * path writes (tests hold it to that, line by line); any other line returns -1 and is read as text.
 */
const enc = (s: string) => Buffer.from(s, 'latin1');

/** A constant piece of the output, as 32-bit words (a quarter of the stores of a byte loop) and a tail. */
interface Piece {
  length: number;
  words: Int32Array;
  tail: Uint8Array;
}

function piece(bytes: Uint8Array): Piece {
  const n = bytes.length >> 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = new Int32Array(n);
  for (let k = 0; k < n; k++) words[k] = view.getInt32(4 * k, true);
  return { length: bytes.length, words, tail: bytes.slice(4 * n) };
}

const METHOD = piece(enc('","transport":"http/1.1","method":"'));
const PATH = piece(enc('","path":"'));
const QUERY = piece(enc(',"query":['));
const STATUS = piece(enc(',"status":'));
const BYTES = piece(enc(',"responseBytes":'));
const AGENT = piece(enc(',"userAgent":"'));
const HTTP11 = enc(' HTTP/1.1');
const HTTP11_WORDS = new DataView(HTTP11.buffer, HTTP11.byteOffset, 8);
const HTTP11_A = HTTP11_WORDS.getInt32(0, true);
const HTTP11_B = HTTP11_WORDS.getInt32(4, true);
/** `{"ts":"` + 24-character ISO time + `","src":"`: where the client address starts. */
const SRC_AT = 40;
/** Where the seconds are in a CLF time (`dd/Mon/yyyy:HH:MM:SS…`) and in `{"ts":"yyyy-mm-ddTHH:MM:SS…`. */
const CLF_SECONDS = 18;
const HEAD_SECONDS = 24;
/** Caps of the general path (schema limits); longer fields take it. */
const MAX_TARGET = 8192;
const MAX_AGENT = 512;
/** Up to 3 characters of a run share a word with its separator at each end: 20 - 4 counts every run of 20. */
const AGENT_RUN = 16;
const MAX_METHOD = 32;
/** The longest record this lane writes, without the file name: target, names' quotes, agent, fields. */
const MAX_RECORD = MAX_TARGET + 3 * MAX_NAMES + MAX_AGENT + MAX_METHOD + 512;

/** Printable ASCII but the backslash: bytes copied into JSON strings as they are. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === 0x5c ? 0 : 1;
/** Method characters the fast lanes take (RFC 9110 allows more: the general path reads those). */
const TOKEN = new Uint8Array(256);
for (const c of Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1')) TOKEN[c] = 1;

export function createCombinedBytes(file: string, out: JsonByteOutput): ByteLane {
  const source = piece(Buffer.from(`,"source":{"file":${JSON.stringify(file)},"line":`, 'utf8'));
  const room = MAX_RECORD + source.length;
  // The last time field seen, and `{"ts":"<its ISO form>","src":"`: busy logs repeat each second.
  const lastTime = new Uint8Array(64);
  const lastTimeWords = new Int32Array(16);
  let lastTimeLength = -1;
  let headBytes = new Uint8Array(SRC_AT);
  let head = piece(headBytes);
  const names = new Int32Array(2 * MAX_NAMES);
  const lineDigits = new Uint8Array(20);
  let lastLineNo = -1;
  let lineDigitCount = 0;
  let viewOf: Uint8Array | undefined;
  let view: DataView = new DataView(new ArrayBuffer(0));
  let inputOf: Uint8Array | undefined;
  let input: DataView = new DataView(new ArrayBuffer(0));

  return (b, s, lineNo) => {
    if (out.buf.length - out.pos < room) out.makeRoom(room);
    const o = out.buf;
    if (o !== viewOf) {
      viewOf = o;
      view = new DataView(o.buffer, o.byteOffset, o.byteLength);
    }
    if (b !== inputOf) {
      inputOf = b;
      input = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    const lastWord = b.length - 4;
    const base = out.pos;
    let p = base + SRC_AT;
    let i = s;
    let c = 0;
    // `<address> - - [`: nothing before the address (no vhost, no X-Forwarded-For list). The
    // address is a dotted quad or a bare IPv6 address, as `addressValue` in exchange-fields.ts has it.
    let dots = 0;
    let colons = 0;
    let run = 0;
    let quad = true;
    let hex = false;
    for (; ; i++) {
      c = b[i];
      if (c >= 48 && c <= 57) {
        if (++run > 3) quad = false;
      } else if (c === 46) {
        if (run === 0) quad = false;
        dots++;
        run = 0;
      } else if (c === 58) colons++;
      else if ((c | 0x20) >= 97 && (c | 0x20) <= 102) hex = true;
      else break;
      o[p++] = c;
    }
    if (colons >= 2 ? i - s > 45 : colons !== 0 || hex || !quad || dots !== 3 || run === 0) return -1;
    if (c !== 32 || b[i + 1] !== 45 || b[i + 2] !== 32 || b[i + 3] === 91) return -1;
    // A remote user (`- alice [`) is Basic evidence, which the general path writes.
    if (b[i + 3] !== 45 || b[i + 4] !== 32 || b[i + 5] !== 91) return -1;
    i += 4;
    // `[time] "`: the same time as the line before (plain, no `]` in it) needs no scan.
    const timeStart = i + 2;
    if (b[timeStart + lastTimeLength] === 93 && sameTime(input, timeStart, lastTimeWords, lastTime, lastTimeLength)) {
      i = timeStart + lastTimeLength;
    } else {
      for (i = timeStart; (c = b[i]) !== 93; i++) if (PLAIN[c] === 0) return -1;
      const length = i - timeStart;
      if (length > lastTime.length) return -1;
      if (onlySecondsDiffer(b, timeStart, length, lastTime, lastTimeLength)) {
        // The next second of the same minute: its ISO form differs in the same two digits.
        headBytes[HEAD_SECONDS] = b[timeStart + CLF_SECONDS];
        headBytes[HEAD_SECONDS + 1] = b[timeStart + CLF_SECONDS + 1];
      } else {
        const text = parseClfTime(Buffer.from(b.buffer, b.byteOffset + timeStart, length).toString('latin1'));
        if (text === undefined || text.length !== 24) return -1;
        headBytes = enc(`{"ts":"${text}","src":"`);
      }
      head = piece(headBytes);
      for (let k = 0; k < length; k++) lastTime[k] = b[timeStart + k];
      for (let k = 0; 4 * k + 4 <= length; k++) lastTimeWords[k] = input.getInt32(timeStart + 4 * k, true);
      lastTimeLength = length;
    }
    if (b[i + 1] !== 32 || b[i + 2] !== 34) return -1;
    // `METHOD /target HTTP/1.1" `
    p = put(view, o, p, METHOD);
    const methodStart = i + 3;
    for (i = methodStart; TOKEN[(c = b[i])] === 1; i++) o[p++] = c;
    if (c !== 32 || i === methodStart || i - methodStart > MAX_METHOD || b[i + 1] !== 47) return -1;
    p = put(view, o, p, PATH);
    const targetStart = ++i;
    const pathAt = p;
    let q = -1;
    // Four bytes at a time while none needs a look (see special()), then byte by byte. A `;` may start a session
    // parameter (`;jsessionid=…`), and a `(` ASP.NET's cookieless session (`/(S(…))/`), which the general path turns
    // into evidence.
    for (; i <= lastWord; i += 4, p += 4) {
      const w = input.getInt32(i, true);
      if ((special(w) | equal(w, 0x23232323) | equal(w, 0x3f3f3f3f) | equal(w, 0x3b3b3b3b) | equal(w, 0x28282828)) !== 0) break;
      view.setInt32(p, w, true);
    }
    for (; (c = b[i]) !== 34; i++) {
      if (PLAIN[c] === 0 || c === 35 || c === 59 || c === 40) return -1;
      if (c === 63 && q === -1) q = i;
      o[p++] = c;
    }
    const targetEnd = i - HTTP11.length;
    // A space before ` HTTP/1.1` is a run of separators, which the general path skips (tabs and `\x09` are not PLAIN).
    if (targetEnd <= targetStart || targetEnd - targetStart > MAX_TARGET || b[i + 1] !== 32 || b[targetEnd - 1] === 32 || !isHttp11(input, targetEnd)) return -1;
    if (q === -1) {
      p = pathAt + (targetEnd - targetStart);
      o[p++] = 34;
    } else {
      p = pathAt + (q - targetStart);
      o[p++] = 34;
      const count = queryNames(b, q + 1, targetEnd, names);
      if (count < 0) return -1;
      if (count > 0) {
        p = put(view, o, p, QUERY);
        for (let n = 0; n < count; n++) {
          if (n > 0) o[p++] = 44;
          o[p++] = 34;
          for (let k = names[2 * n]; k < names[2 * n + 1]; k++) o[p++] = b[k];
          o[p++] = 34;
        }
        o[p++] = 93;
      }
    }
    // `ddd bytes "`
    const statusAt = i + 2;
    const s0 = b[statusAt];
    const s1 = b[statusAt + 1];
    const s2 = b[statusAt + 2];
    if (s0 < 49 || s0 > 57 || s1 < 48 || s1 > 57 || s2 < 48 || s2 > 57 || b[statusAt + 3] !== 32) return -1;
    p = put(view, o, p, STATUS);
    o[p++] = s0;
    o[p++] = s1;
    o[p++] = s2;
    const sizeStart = statusAt + 4;
    for (i = sizeStart; (c = b[i]) >= 48 && c <= 57; i++);
    if (i === sizeStart) {
      if (c !== 45 || b[i + 1] !== 32) return -1;
      i++;
    } else {
      if (c !== 32 || i - sizeStart > 15) return -1;
      p = put(view, o, p, BYTES);
      let k = sizeStart;
      while (k < i - 1 && b[k] === 48) k++; // the general path writes a number: no leading zeros
      for (; k < i; k++) o[p++] = b[k];
    }
    if (b[i + 1] !== 34) return -1;
    // `"referer" "agent"` and the end of the line: the referer ends at its first `"`, as the general
    // path reads it (a quote inside it leaves the record without an agent there).
    for (i += 2; i <= lastWord && special(input.getInt32(i, true)) === 0; i += 4);
    for (; (c = b[i]) !== 34; i++) if (PLAIN[c] === 0) return -1;
    if (b[i + 1] !== 32 || b[i + 2] !== 34) return -1;
    const agentStart = i + 3;
    const agentAt = p;
    p = put(view, o, p, AGENT);
    // An agent that may carry a credential (a `=`, an `@`, or a long run without a space or `/`: see
    // lib/security/redact-user-agent.ts) is left to the general path, which redacts it. Counted by words while
    // copying, so conservatively: a run is declined from AGENT_RUN characters, and every run of 20 is.
    // Zero-byte tests inlined (bytes are below 0x80 once special() passed them): this runs for every word of
    // every agent, and the calls cost 10 % of the lane.
    let agentRun = 0;
    let noEquals = -1; // a lane's high bit is cleared by a `=` (or an `@`: a URL's userinfo) in it
    for (i = agentStart; i <= lastWord; i += 4, p += 4) {
      const w = input.getInt32(i, true);
      if (special(w) !== 0) break;
      view.setInt32(p, w, true);
      const e = w ^ 0x3d3d3d3d;
      const a = w ^ 0x40404040;
      noEquals &= ((e + 0x7f7f7f7f) | e) & ((a + 0x7f7f7f7f) | a);
      const sp = w ^ 0x20202020;
      const sl = w ^ 0x2f2f2f2f;
      agentRun = ~(((sp + 0x7f7f7f7f) | sp) & ((sl + 0x7f7f7f7f) | sl)) & 0x80808080 ? 0 : agentRun + 4;
      if (agentRun >= AGENT_RUN) return -1;
    }
    if (~noEquals & 0x80808080) return -1;
    for (; (c = b[i]) !== 34; i++) {
      if (PLAIN[c] === 0 || c === 61 || c === 64) return -1;
      o[p++] = c;
      agentRun = c === 32 || c === 47 ? 0 : agentRun + 1;
      if (agentRun >= AGENT_RUN) return -1;
    }
    let nl = i + 1;
    if (b[nl] === 13) nl++;
    if (b[nl] !== 10 || i - agentStart > MAX_AGENT) return -1;
    if (i === agentStart || (i === agentStart + 1 && b[agentStart] === 45)) p = agentAt;
    else o[p++] = 34;
    p = put(view, o, p, source);
    // Line numbers mostly go up by one: the digits are counted up in place, not divided out.
    if (lineNo === lastLineNo + 1) lineDigitCount = increment(lineDigits, lineDigitCount);
    else lineDigitCount = digitsOf(lineNo, lineDigits);
    lastLineNo = lineNo;
    for (let k = 0; k < lineDigitCount; k++) o[p++] = lineDigits[k];
    o[p++] = 125;
    o[p++] = 125;
    o[p++] = 10;
    put(view, o, base, head);
    out.pos = p;
    return nl;
  };
}

/**
 * The time at `start` is the last one but for its seconds, both below 60 (a leap second rolls the
 * minute over): the zone offset is whole minutes, so the UTC form changes in the seconds alone.
 */
function onlySecondsDiffer(b: Uint8Array, start: number, length: number, last: Uint8Array, lastLength: number): boolean {
  if (length !== lastLength || length < CLF_SECONDS + 2) return false;
  for (let k = 0; k < length; k++) if (k !== CLF_SECONDS && k !== CLF_SECONDS + 1 && b[start + k] !== last[k]) return false;
  const tens = b[start + CLF_SECONDS];
  const units = b[start + CLF_SECONDS + 1];
  return tens >= 48 && tens <= 53 && units >= 48 && units <= 57 && last[CLF_SECONDS] <= 53;
}

/**
 * High bit set in each byte of `w` (four input bytes) that is not plain (see PLAIN) or is a `"`:
 * exact per byte, as no sum below carries from one byte into the next.
 */
function special(w: number): number {
  const low = w & 0x7f7f7f7f;
  const control = ~(low + 0x60606060);
  return (w | control | equal(w, 0x22222222) | equal(w, 0x5c5c5c5c) | equal(w, 0x7f7f7f7f)) & 0x80808080;
}

/** High bit set in each byte of `w` below 0x80 that equals the byte repeated in `x`. */
function equal(w: number, x: number): number {
  const z = (w & 0x7f7f7f7f) ^ x;
  return ~((z + 0x7f7f7f7f) | z) & ~w & 0x80808080;
}

/** ` HTTP/1.1` at `at`. */
function isHttp11(input: DataView, at: number): boolean {
  return input.getInt32(at, true) === HTTP11_A && input.getInt32(at + 4, true) === HTTP11_B && input.getUint8(at + 8) === 49;
}

/** The time at `start` equals the last one (length known to fit): four bytes at a time. */
function sameTime(input: DataView, start: number, words: Int32Array, bytes: Uint8Array, length: number): boolean {
  let k = 0;
  for (; 4 * k + 4 <= length; k++) if (input.getInt32(start + 4 * k, true) !== words[k]) return false;
  for (let j = 4 * k; j < length; j++) if (input.getUint8(start + j) !== bytes[j]) return false;
  return true;
}

function put(view: DataView, o: Uint8Array, p: number, bytes: Piece): number {
  const words = bytes.words;
  let at = p;
  for (let k = 0; k < words.length; k++, at += 4) view.setInt32(at, words[k], true);
  const tail = bytes.tail;
  for (let k = 0; k < tail.length; k++) o[at++] = tail[k];
  return p + bytes.length;
}

/** Adds one to the decimal number in digits[0, count); returns the new count. */
function increment(digits: Uint8Array, count: number): number {
  for (let k = count - 1; k >= 0; k--) {
    if (digits[k] !== 57) {
      digits[k]++;
      return count;
    }
    digits[k] = 48;
  }
  digits.copyWithin(1, 0, count);
  digits[0] = 49;
  return count + 1;
}

function digitsOf(n: number, digits: Uint8Array): number {
  const text = String(n);
  for (let k = 0; k < text.length; k++) digits[k] = text.charCodeAt(k);
  return text.length;
}
