import { open, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

export type InputKind = 'capture' | 'exchange-jsonl' | 'log' | 'directory';

const PCAP_MAGICS = new Set(['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1']);
const PCAPNG_MAGIC = '0a0d0d0a';

/** Decides which reader an input goes to, from its first bytes (gzip looked through). */
export async function sniffInput(path: string): Promise<InputKind> {
  return (await sniffFile(path)).kind;
}

/** sniffInput, with the file's first bytes it was told from (none for a directory), for a second look at them. */
export async function sniffFile(path: string): Promise<{ kind: InputKind; head?: Buffer }> {
  if ((await stat(path)).isDirectory()) return { kind: 'directory' };
  const head = await readHead(path, 65536);
  return { kind: await sniffBytes(head), head };
}

export async function sniffBytes(raw: Buffer): Promise<Exclude<InputKind, 'directory'>> {
  const head = raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b ? gunzipPrefix(raw) : raw;
  if (head.length >= 4) {
    const magic = head.subarray(0, 4).toString('hex');
    if (PCAP_MAGICS.has(magic) || magic === PCAPNG_MAGIC) return 'capture';
  }
  const firstLine = head.toString('utf8', 0, Math.min(head.length, 16384)).split('\n', 1)[0]?.trim() ?? '';
  if (firstLine.startsWith('{')) {
    let record: unknown;
    try {
      record = JSON.parse(firstLine);
    } catch {
      return 'log'; // not JSON on one line: a log reader will say what it is
    }
    // The schema (zod) is loaded only here: at the top it would cost every capture extraction ~40 ms of start-up.
    const { exchangeSchema } = await import('../lib/exchange/exchange');
    if (exchangeSchema.strict().safeParse(record).success) return 'exchange-jsonl';
  }
  return 'log';
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Inflates as much of a gzip prefix as the bytes allow; a truncated member still yields its start. */
export function gunzipPrefix(buf: Buffer): Buffer {
  // Capped (64 KiB of a gzip bomb inflate to 64 MiB).
  const inflate = (length: number) => {
    try {
      return gunzipSync(buf.subarray(0, length), { finishFlush: 2 /* Z_SYNC_FLUSH */, maxOutputLength: 1024 * 1024 });
    } catch {
      return undefined;
    }
  };
  const whole = inflate(buf.length);
  if (whole) return whole;
  // Too large, broken, or followed by bytes that are not gzip: the longest prefix that inflates (what comes
  // before the damage, a bomb's first MiB), found in ~16 tries. Failing is monotonic: a prefix holding
  // the damage fails, and one holding more than 1 MiB of output too.
  let good = Buffer.alloc(0);
  let lo = 1;
  let hi = buf.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const out = inflate(mid);
    if (out) {
      good = out;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return good;
}

/** The inflated bytes of a gzip input that ends where its last member does, or undefined (cut, damaged, over `cap`). */
export function inflateWhole(raw: Buffer, cap: number): Buffer | undefined {
  try {
    return gunzipSync(raw, { maxOutputLength: cap });
  } catch {
    return undefined;
  }
}
