import { brotliDecompressSync, constants, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { scannedBodyText } from '../../lib/discovery/form-fields';
import { DEFAULT_DETECTORS, detectSensitiveData } from '../../lib/discovery/sensitive-data';
import type { BufferBudget } from './buffer-budget';
import { detectorsThatMayMatch } from './sensitive-prefilter';

/** Bodies are sampled up to this many bytes, decoded, scanned and dropped: enough for any JSON error or record. */
export const BODY_SAMPLE_BYTES = 64 << 10;
/** Decoded output cap: a compression bomb in a mirror must not become a memory bomb in the collector. */
const DECODED_CAP = BODY_SAMPLE_BYTES;
const TEXTUAL = /json|xml|text\/|x-www-form-urlencoded|multipart\/form-data|graphql|javascript|yaml/i;


/** Whether a body with this content type is worth analysing (binary media never carries e-mails we can read). */
export function wantsSample(contentType: string | undefined): boolean {
  return contentType === undefined || TEXTUAL.test(contentType);
}

/** A capped copy of a body's first bytes, kept only until the message ends. */
export class BodySample {
  private parts: Buffer[] = [];
  private size = 0;
  private full = false;

  /**
   * `memory` bounds all samples in flight (BodyBudget.samples): when it is dry, the rest is not sampled. A form's
   * fields are scanned decoded, a multipart form's without its files, by `contentType` (lib/discovery/form-fields.ts).
   */
  constructor(
    private readonly memory: BufferBudget,
    private readonly contentType?: string,
  ) {}

  add(buf: Buffer, start: number, end: number): void {
    if (this.full) return;
    const n = Math.min(end - start, BODY_SAMPLE_BYTES - this.size);
    if (n <= 0 || !this.memory.reserve(n)) {
      this.full = true;
      return;
    }
    this.parts.push(Buffer.from(buf.subarray(start, start + n)));
    this.size += n;
    if (this.size >= BODY_SAMPLE_BYTES) this.full = true;
  }

  /** Decodes (gzip, deflate, br), scans, and releases the sample. Returns sensitive-data tags. */
  analyse(contentEncoding: string | undefined): string[] {
    if (this.size === 0) return [];
    const raw = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    this.memory.release(this.size);
    this.parts = [];
    this.size = 0;
    const decoded = decodeBody(raw, contentEncoding);
    if (!decoded) return [];
    const text = decoded.toString('utf8', 0, Math.min(decoded.length, DECODED_CAP));
    return scanForSensitiveData(scannedBodyText(text, this.contentType));
  }

  release(): void {
    this.memory.release(this.size);
    this.parts = [];
    this.size = 0;
  }
}

/**
 * Content-Encoding decoding of a possibly truncated prefix: SYNC_FLUSH makes zlib return what it has
 * instead of failing on a cut stream, and maxOutputLength stops bombs. Unknown codings yield nothing.
 */
export function decodeBody(raw: Buffer, contentEncoding: string | undefined): Buffer | undefined {
  const coding = contentEncoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return raw;
  const opts = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: DECODED_CAP * 4 };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(raw, opts);
    if (coding === 'deflate') {
      // "deflate" is zlib-wrapped by the RFC, raw deflate by some servers (IIS): try both.
      try {
        return inflateSync(raw, opts);
      } catch {
        return inflateRawSync(raw, opts);
      }
    }
    if (coding === 'br') return brotliDecompressSync(raw, { finishFlush: constants.BROTLI_OPERATION_FLUSH, maxOutputLength: DECODED_CAP * 4 });
  } catch {
    return undefined;
  }
  return undefined;
}

const EMAIL = DEFAULT_DETECTORS.filter((d) => d.tag === 'email');
const OTHERS = DEFAULT_DETECTORS.filter((d) => d.tag !== 'email');
/**
 * Longest e-mail match the detector allows on either side of the `@` (64-char local part, 253+1+24 domain), plus
 * what its look-arounds read: `://` before the local part, two characters after the domain.
 */
const BEFORE_AT = 3 + 64;
const AFTER_AT = 1 + 253 + 1 + 24 + 2;

/**
 * detectSensitiveData with the same result, faster: the e-mail pattern starts with `[…]{1,64}`, so V8
 * tries it at every offset of the body (a quarter of all collector CPU on JSON). Every match contains
 * an `@`, so running it only on windows around each `@` finds exactly the same matches. The other
 * detectors run only where a necessary condition holds (sensitive-prefilter.ts).
 */
export function scanForSensitiveData(text: string): string[] {
  const tags = detectSensitiveData(text, detectorsThatMayMatch(text, OTHERS));
  if (EMAIL.length === 0) return tags;
  let at = text.indexOf('@');
  while (at !== -1) {
    const window = text.slice(Math.max(0, at - BEFORE_AT), at + AFTER_AT);
    if (detectSensitiveData(window, EMAIL).length > 0) {
      // Keep the detector order of detectSensitiveData (e-mail first).
      return ['email', ...tags];
    }
    at = text.indexOf('@', at + 1);
  }
  return tags;
}
