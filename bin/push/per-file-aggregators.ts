import type { ContentDigestRequest } from '../../collectors/content-digest';
import { CONTENT_KEY_MAX_BYTES, contentFingerprint, contentKey, fingerprintInputs } from '../../collectors/input-fingerprint';
import type { Exchange } from '../../lib/exchange';
import type { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { planBatches } from '../../lib/inventory/batches';
import type { IngestBatch } from '../../lib/inventory/observation';
import { tally, type Totals } from './run-totals';

type Aggregator = ReturnType<typeof createObservationAggregator>;

/**
 * A directory holding captures is read as one series (an exchange cut by a rotation is whole) but counted file by
 * file: each exchange goes to the file its request was read from, and that file's batches are keyed by its content
 * alone. Keyed by the whole directory (until 7 Dec), a capture added to it, or any other file (a README), made every
 * capture already there count again on the next `push captures/`.
 */
export class PerFileAggregators {
  private readonly byFile = new Map<string, Aggregator>();

  constructor(
    /** The input: what an exchange is counted under when its file is not told apart (or it has no source file). */
    private readonly unit: string,
    private readonly make: () => Aggregator,
    /** A directory: its files told apart. A file or standard input is one part, keyed as before. */
    private readonly byItsFiles: boolean,
  ) {}

  readonly add = (ex: Exchange): void => {
    const file = (this.byItsFiles && ex.source?.file) || this.unit;
    let aggregator = this.byFile.get(file);
    if (!aggregator) this.byFile.set(file, (aggregator = this.make()));
    aggregator.add(ex);
  };

  get exchanges(): number {
    let n = 0;
    for (const a of this.byFile.values()) n += a.exchanges;
    return n;
  }

  /**
   * Each file read and its aggregate, in name order; the input alone, with nothing aggregated, when no exchange was
   * read (its batch still says what was read: packets, lines, gaps).
   */
  parts(): Array<[file: string, aggregator: Aggregator]> {
    if (this.byFile.size === 0) return [[this.unit, this.make()]];
    return [...this.byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * Each part planned as its own batches and delivered in turn, tallied into the run's totals. The unit's reading
 * (packets, bytes, gaps) goes with its last part: a rotated series' newest file.
 */
export async function deliverParts(
  parts: ReadonlyArray<[file: string, aggregator: Aggregator]>,
  opts: {
    unit: string;
    stdinDigest?: string;
    /** The unit file's SHA-256 as its reader took it while reading (ExtractOptions.contentDigest): not read again. */
    fileDigest?: string;
    collector: IngestBatch['collector'];
    stats: Record<string, number>;
    maxBytes?: number;
    deliver: (batches: IngestBatch[]) => Promise<{ applied: number; duplicate: number }>;
    totals: Totals;
  },
): Promise<void> {
  for (const [i, [file, part]] of parts.entries()) {
    // A log file is known by its content's digest too, the key the same bytes get through a pipe (`cat a.log | push -`):
    // until 7 Dec the two counted twice. Not a capture: a pipe of one is a live stream, and the digest a second read.
    const aliased = file === opts.unit && file !== '-' && opts.collector.kind !== 'pcap';
    const alias = !aliased ? undefined : opts.fileDigest !== undefined ? contentKey(opts.fileDigest) : contentFingerprint(file);
    const batches = planBatches({
      inputFingerprint: await fingerprintInputs([file], file === opts.unit ? opts.stdinDigest : undefined),
      aliasFingerprint: await alias,
      collector: opts.collector,
      observations: part.observations(),
      exchanges: part.exchanges,
      extraStats: i === parts.length - 1 ? opts.stats : undefined,
      maxBytes: opts.maxBytes,
    });
    tally(opts.totals, part.exchanges, batches, await opts.deliver(batches));
  }
}

/**
 * What to ask a unit's readers for (ExtractOptions.contentDigest) and, once read, the unit file's SHA-256 for its
 * alias (deliverParts): a log file is hashed as it is read, where until 7 Dec it was read a second time for it. A file
 * found in a directory reports under its own name, the unit's; a directory of captures has no alias, nor a digest.
 */
export function digestOfUnit(unit: string): { request: ContentDigestRequest; sha256: () => string | undefined } {
  let digest: string | undefined;
  const request = { maxBytes: CONTENT_KEY_MAX_BYTES, done: (path: string, sha256: string) => void (path === unit && (digest = sha256)) };
  return { request, sha256: () => digest };
}
