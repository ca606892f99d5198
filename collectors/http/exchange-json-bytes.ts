import type { AuthEvidence, Exchange } from '../../lib/exchange';
import type { JsonByteOutput } from '../logs/json-bytes';
import { ExchangeJsonWriter } from './exchange-json';

/**
 * The `extract` byte lane for capture records: each record is written as UTF-8 straight into the output
 * buffer (bin/line-writer.ts's `bytes`), with the newline, in exactly the text of ExchangeJsonWriter (so of
 * `JSON.stringify(ex)`). Why: on the benchmark capture stringify, joining its pieces and encoding the joined
 * string again for the buffer were a fifth of a one-thread run's CPU. Record strings are nearly always
 * printable ASCII, which JSON copies as it is: they are copied byte by byte here, and the parts a connection
 * repeats (auth evidence, the source file) are encoded once. A string with anything else in it (a quote, a
 * backslash, a control character, non-ASCII) and any record of an unusual shape go through the string writer
 * and `emitJson` instead, into the same buffer, so the order of records is kept.
 * collectors/pcap/fast-paths.test.ts holds the result to JSON.stringify on every shared capture, on generated
 * traffic, and on records with strings that need escaping.
 */
export class ExchangeJsonBytes {
  private readonly text = new ExchangeJsonWriter();
  private readonly authBytes = new WeakMap<AuthEvidence[], Uint8Array>();
  private sourceFile: string | undefined;
  private sourcePrefix: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly out: JsonByteOutput,
    /** Where records this lane does not write go, as text (the line writer's write, into the same buffer). */
    private readonly emitJson: (json: string) => void,
  ) {}

  write(ex: Exchange): void {
    const { auth, source } = ex;
    if (auth === undefined || ex.tls !== undefined || typeof ex.ts !== 'string' || source === undefined || source.packet === undefined || source.line !== undefined) {
      return this.emitJson(this.text.write(ex));
    }
    let authBytes = this.authBytes.get(auth);
    if (authBytes === undefined) {
      authBytes = Buffer.from(JSON.stringify(auth));
      this.authBytes.set(auth, authBytes);
    }
    if (source.file !== this.sourceFile) {
      this.sourceFile = source.file;
      this.sourcePrefix = Buffer.from(`,"source":{"file":${JSON.stringify(source.file)},"packet":`);
    }
    const out = this.out;
    if (out.buf.length - out.pos < MAX_RECORD) out.makeRoom(MAX_RECORD);
    const end = this.record(ex, out.buf, out.pos, authBytes, source.packet);
    if (end === -1) return this.emitJson(this.text.write(ex));
    out.pos = end;
    out.line?.();
  }

  /** Writes the record and its newline at buf[p]: the end, or -1 when a value is not plain (nothing counts as written). */
  private record(ex: Exchange, buf: Uint8Array, p: number, authBytes: Uint8Array, packet: number): number {
    limit = buf.length - SLACK;
    p = raw(buf, p, '{"ts":');
    p = str(buf, p, ex.ts);
    p = field(buf, p, ',"src":', ex.src);
    p = field(buf, p, ',"dst":', ex.dst);
    p = field(buf, p, ',"transport":', ex.transport);
    p = field(buf, p, ',"host":', ex.host);
    p = field(buf, p, ',"method":', ex.method);
    p = field(buf, p, ',"path":', ex.path);
    p = list(buf, p, ',"query":', ex.query);
    p = field(buf, p, ',"route":', ex.route);
    p = numberField(buf, p, ',"status":', ex.status);
    p = numberField(buf, p, ',"latencyMs":', ex.latencyMs);
    p = field(buf, p, ',"requestContentType":', ex.requestContentType);
    p = numberField(buf, p, ',"requestBytes":', ex.requestBytes);
    p = field(buf, p, ',"responseContentType":', ex.responseContentType);
    p = numberField(buf, p, ',"responseBytes":', ex.responseBytes);
    p = field(buf, p, ',"userAgent":', ex.userAgent);
    p = bytes(buf, raw(buf, p, ',"auth":'), authBytes);
    p = list(buf, p, ',"sensitive":', ex.sensitive);
    p = field(buf, p, ',"deprecation":', ex.deprecation);
    p = field(buf, p, ',"sunset":', ex.sunset);
    p = bytes(buf, p, this.sourcePrefix);
    if (p === -1 || !isCount(packet)) return -1;
    p = count(buf, p, packet);
    buf[p++] = 125; // }
    buf[p++] = 125;
    buf[p++] = 10;
    return p;
  }
}

/**
 * Room kept free past every string and byte run: the record's keys, punctuation and numbers (at most ~300
 * characters of keys, five numbers of at most 24) always fit, so only strings and byte runs are checked.
 */
const SLACK = 512;
/** Room made before each record; longer ones take the string writer (a long path, many query names). */
const MAX_RECORD = 64 << 10;
/** Where strings must end in the buffer being written (its length - SLACK). */
let limit = 0;

/** A constant (ASCII, no escapes) at buf[p]; -1 stays -1. */
function raw(buf: Uint8Array, p: number, s: string): number {
  if (p === -1) return -1;
  for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
  return p;
}

function bytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  if (p === -1 || p + b.length > limit) return -1;
  buf.set(b, p);
  return p + b.length;
}

/** A JSON string, when JSON writes every character of it as it is and UTF-8 as one byte (else -1). */
function str(buf: Uint8Array, p: number, s: string): number {
  if (p === -1 || p + s.length + 2 > limit) return -1;
  buf[p++] = 34;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Below space: escaped; 34 `"` and 92 `\`: escaped; above 127: more than one UTF-8 byte.
    if (c < 32 || c > 127 || c === 34 || c === 92) return -1;
    buf[p++] = c;
  }
  buf[p++] = 34;
  return p;
}

/** `key` and the string, left out when undefined as JSON leaves it out; anything but a string is not written here. */
function field(buf: Uint8Array, p: number, key: string, value: string | undefined): number {
  if (value === undefined || p === -1) return p;
  if (typeof value !== 'string') return -1;
  return str(buf, raw(buf, p, key), value);
}

function list(buf: Uint8Array, p: number, key: string, values: readonly string[] | undefined): number {
  if (values === undefined || p === -1) return p;
  if (!Array.isArray(values)) return -1;
  p = raw(buf, p, key);
  buf[p++] = 91; // [
  for (let i = 0; i < values.length && p !== -1; i++) {
    if (i > 0) buf[p++] = 44;
    const v = values[i];
    p = typeof v === 'string' ? str(buf, p, v) : -1;
  }
  if (p === -1) return -1;
  buf[p++] = 93; // ]
  return p;
}

function numberField(buf: Uint8Array, p: number, key: string, value: number | undefined): number {
  if (value === undefined || p === -1) return p;
  // NaN and the infinities are `null` in JSON, other types are not numbers: the string writer says what they are.
  if (typeof value !== 'number' || !Number.isFinite(value)) return -1;
  p = raw(buf, p, key);
  if (isCount(value)) return count(buf, p, value);
  const k = Math.round(value * 1000);
  if (value > 0 && value < 1e9 && k / 1000 === value) return milli(buf, p, k);
  // Number::toString is what JSON writes for a finite number.
  return raw(buf, p, String(value));
}

/**
 * k / 1000 as Number::toString writes it (latencies are rounded to the microsecond): the whole part, a point
 * and the thousandths without trailing zeros. For 0 < k / 1000 < 1e9 that decimal is the shortest that reads
 * back as the same double (any other with as few digits is at least 0.001 away, far beyond a double's spacing
 * there), which is what toString picks; k is not a multiple of 1000 (isCount took those).
 */
function milli(buf: Uint8Array, p: number, k: number): number {
  const whole = Math.floor(k / 1000);
  let frac = k - whole * 1000;
  p = count(buf, p, whole);
  buf[p++] = 46; // .
  buf[p++] = 48 + Math.floor(frac / 100);
  frac %= 100;
  if (frac === 0) return p;
  buf[p++] = 48 + Math.floor(frac / 10);
  frac %= 10;
  if (frac === 0) return p;
  buf[p++] = 48 + frac;
  return p;
}

/** A whole number JSON writes as plain digits. */
function isCount(n: number): boolean {
  return n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n;
}

/** A count's decimal digits at buf[p]. */
function count(buf: Uint8Array, p: number, n: number): number {
  if (n < 10) {
    buf[p] = 48 + n;
    return p + 1;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  let at = p + digits;
  const end = at;
  for (let t = n; at > p; t = Math.floor(t / 10)) buf[--at] = 48 + (t % 10);
  return end;
}
