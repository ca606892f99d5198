/**
 * Puts the records of flow-sharded extraction (shard-worker.ts) back into the order one thread writes them.
 *
 * Every shard decodes every packet but tracks only its own flows, and tags each record with the packet
 * being processed when it was emitted and an order within that packet (CaptureEngine.emitOrder: connections
 * closed by an idle sweep or the final flush by the packet that opened them, then the packet's own flow).
 * One thread emits in exactly that (packet, order) order, and each shard's records arrive sorted by it, so
 * a k-way merge reproduces the single-thread output. A shard's watermark says it has finished every packet up to
 * it: a record is written once no shard can still produce a smaller one.
 */
export interface ShardBatch {
  /** UTF-8 lines, each ending in `\n`. */
  bytes: Uint8Array;
  /** End offset (exclusive, after the newline) of each line. */
  ends: Uint32Array;
  /** Packet number each line was emitted at. */
  packets: Float64Array;
  /** Order within that packet (CaptureEngine.emitOrder). */
  orders: Float64Array;
  count: number;
  /** Every record the shard emits after this batch has a packet number above this. */
  watermark: number;
  /** Which of the shard's shared-memory slabs holds it, to hand back once written (the merge itself ignores it). */
  slab?: number;
}

interface Lane {
  batches: ShardBatch[];
  /** Next line in batches[0]. */
  line: number;
  watermark: number;
}

export class ShardMerge {
  private readonly lanes: Lane[];

  constructor(
    shards: number,
    /** Receives merged lines, a run of whole lines at a time. */
    private readonly write: (bytes: Uint8Array, start: number, end: number) => void,
    /** A batch is fully written (its buffers may be reused or released). */
    private readonly consumed: (shard: number, batch: ShardBatch) => void = () => {},
  ) {
    this.lanes = Array.from({ length: shards }, () => ({ batches: [], line: 0, watermark: 0 }));
  }

  /** Queues a shard's next batch (count > 0) and writes what can be written. */
  add(shard: number, batch: ShardBatch): void {
    if (batch.count > 0) this.lanes[shard].batches.push(batch);
    else this.consumed(shard, batch);
    this.advance(shard, batch.watermark);
  }

  /** The shard has finished every packet up to `watermark` (without a batch: it emitted nothing new). */
  advance(shard: number, watermark: number): void {
    const lane = this.lanes[shard];
    if (watermark < lane.watermark) throw new Error(`shard ${shard}: watermark went back from ${lane.watermark} to ${watermark}`);
    lane.watermark = watermark;
    this.drain();
  }

  /** Lines received but not yet written (waiting for another shard's watermark). */
  get pending(): number {
    let n = 0;
    for (const lane of this.lanes) for (let i = 0; i < lane.batches.length; i++) n += lane.batches[i].count - (i === 0 ? lane.line : 0);
    return n;
  }

  private drain(): void {
    for (;;) {
      const best = this.smallestHead();
      if (best === -1) return;
      const lane = this.lanes[best];
      const batch = lane.batches[0];
      // Lines of `best` may go out while they sort before every other shard's next line, or for a shard
      // with nothing queued, while their packet is one that shard has finished.
      let limitPacket = Number.POSITIVE_INFINITY;
      let limitOrder = Number.POSITIVE_INFINITY;
      for (let s = 0; s < this.lanes.length; s++) {
        if (s === best) continue;
        const other = this.lanes[s];
        let p: number;
        let o: number;
        if (other.batches.length > 0) {
          p = other.batches[0].packets[other.line];
          o = other.batches[0].orders[other.line];
        } else {
          p = other.watermark + 1;
          o = Number.NEGATIVE_INFINITY;
        }
        if (p < limitPacket || (p === limitPacket && o < limitOrder)) {
          limitPacket = p;
          limitOrder = o;
        }
      }
      const from = lane.line;
      let i = from;
      while (i < batch.count) {
        const p = batch.packets[i];
        if (p > limitPacket || (p === limitPacket && batch.orders[i] >= limitOrder)) break;
        i++;
      }
      if (i === from) return;
      this.write(batch.bytes, from === 0 ? 0 : batch.ends[from - 1], batch.ends[i - 1]);
      lane.line = i;
      if (i === batch.count) {
        lane.batches.shift();
        lane.line = 0;
        this.consumed(best, batch);
      }
    }
  }

  /** The shard whose next queued line sorts first, or -1 when nothing is queued. */
  private smallestHead(): number {
    let best = -1;
    let bp = 0;
    let bo = 0;
    for (let s = 0; s < this.lanes.length; s++) {
      const lane = this.lanes[s];
      if (lane.batches.length === 0) continue;
      const p = lane.batches[0].packets[lane.line];
      const o = lane.batches[0].orders[lane.line];
      if (best === -1 || p < bp || (p === bp && o < bo)) {
        best = s;
        bp = p;
        bo = o;
      }
    }
    return best;
  }
}
