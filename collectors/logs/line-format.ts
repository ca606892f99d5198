import type { Exchange } from '../../lib/exchange';
import type { ByteLane, JsonByteOutput } from './json-bytes';

/**
 * What a line parser says about one line. Parsers never throw on input: a line is an exchange (`ok`,
 * possibly several, e.g. an OTLP batch), a well-formed line that is not an HTTP exchange (`skip`: an
 * Envoy TCP line, a client span), or something the format does not recognise (`invalid`).
 */
export type LineStatus = 'ok' | 'skip' | 'invalid';

export interface LineOrigin {
  file: string;
  line: number;
  /**
   * Records of a batch line (an Event Hub `records` array, CloudWatch `logEvents`) the format could not read beside
   * records it did: the line is `ok`, and the reader says how many were not (until 7 Dec they went unsaid).
   */
  unreadRecords?: number;
  /**
   * Why a line the format read (`skip`) is no exchange, where that is worth saying: a record the format knows but holding
   * no request (a CloudFront record with no method or path). The reader counts it skipped and names the first of a file.
   */
  skipReason?: string;
}

export type EmitExchange = (exchange: Exchange) => void;

export interface LineFormat {
  /** Name used by `--format` and in reports. */
  name: string;
  /** A cheap hint that a line may be this format; decisions (sniffing, reading) always use `parse`. */
  looksLike(line: string): boolean;
  parse(line: string, origin: LineOrigin, emit: EmitExchange): LineStatus;
  /**
   * Optional fast lane for a file: the JSON of the record `parse` would emit for a line
   * (`JSON.stringify`-identical), or undefined when the line must go through `parse`. `plain` says
   * the line is known to hold no backslash, control or non-ASCII character.
   */
  jsonLane?(file: string): (line: string, lineNo: number, plain?: boolean) => string | undefined;
  /**
   * Lines whose first part was read and whose last has not come (a container runtime's `P` parts): the first
   * part's line of each, in order. A follower's checkpoint keeps where they start, and the end of a file reports
   * them as malformed (cri-envelope.ts).
   */
  heldLines?(): readonly number[];
  /**
   * The same log's reader before a rotation (a follower's previous file): a line the runtime split across the two
   * (its first part written before kubelet rotated, its last after) is joined from the parts `earlier` holds.
   */
  continueFrom?(earlier: LineFormat): void;
  /** Hands over, and forgets, the parts of a line of `stream` still waiting for their last part (continueFrom). */
  takeHeld?(stream: string): { text: string; tooLong: boolean } | undefined;
  /**
   * The file is read from past its start (a follower's restart): `before`, the lines of its head up to there, may hold
   * what applies to the rest (a W3C log's `#Fields`, cloudfront.ts and iis.ts).
   */
  resumeAt?(file: string, before: readonly string[]): void;
  /** Optional byte lane for a file: the same records as `jsonLane`, written as bytes into `out`. */
  byteLane?(file: string, out: JsonByteOutput): ByteLane;
}

/** Formats read as one JSON document per file (HAR, pretty-printed OTLP or Kong exports). */
export interface DocumentFormat {
  name: string;
  /** True when the parsed document has this format's shape. */
  matches(doc: unknown): boolean;
  parseDocument(
    doc: unknown,
    file: string,
    emit: EmitExchange,
    fallbackTs?: string,
  ): {
    exchanges: number; skipped: number; invalid: number; undated: number;
    /** HAR: credential headers were removed before export (har-sanitized.ts), so no entry's `none` is known. */
    credentialsRemoved?: boolean;
  };
}
