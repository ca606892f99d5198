/**
 * Worker thread of parallel capture extraction (sharded-extract.ts): parses every block of the file (each file of a
 * rotated series in turn, one engine throughout) from the shared input ring, decodes every packet, and reassembles
 * and parses only its share of the flows. Records are written as UTF-8 lines into slabs of shared memory, tagged
 * for ShardMerge; a full slab is handed to the main thread with a short message and comes back free once written out.
 * A shard whose slabs are all waiting to be written waits too, so memory stays bounded when stdout is slow, and no
 * buffer is allocated or transferred per batch (fresh 256 KiB buffers per batch cost a tenth of the run in page
 * faults and transfers).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CaptureEngine } from './capture-engine';
import { InputRing } from './input-ring';
import { readCaptureBlocks } from './read-capture';
import type { JsonByteOutput } from '../logs/json-bytes';
import { SLAB_BYTES, SLAB_LINES, Slabs, type ShardCommand, type ShardFile, type ShardJob, type ShardMessage } from './shard-slabs';

class SlabWriter {
  private slab = 0;
  private count = 0;
  bytesRead = 0;
  bytesTotal = 0;
  /** The current slab as the capture byte lane's output (ExchangeJsonBytes): records are written into it as bytes. */
  readonly bytes: JsonByteOutput & { line(): void };
  /** The ShardMerge tags of a record emitted now: its packet and its order there (see tagWith). */
  private packetNow = () => 0;
  private orderNow = () => 0;

  constructor(
    private readonly slabs: Slabs,
    private readonly stop: StopCheck,
  ) {
    this.bytes = {
      buf: slabs.view(0).bytes,
      pos: 0,
      makeRoom: (bytes) => {
        if (SLAB_BYTES - this.bytes.pos >= bytes) return;
        if (this.count > 0) this.handOver(this.packetNow() - 1);
        // A slab is far larger than the lane's records (it takes the text path past 64 KiB).
        if (bytes > SLAB_BYTES) throw new Error(`a record of ${bytes} bytes does not fit a ${SLAB_BYTES}-byte slab`);
      },
      line: () => this.ended(),
    };
  }

  tagWith(packet: () => number, order: () => number): void {
    this.packetNow = packet;
    this.orderNow = order;
  }

  add(json: string): void {
    const most = 3 * json.length + 1;
    if (this.bytes.pos + most > SLAB_BYTES) {
      // The packet being processed may still emit records: the watermark stops before it.
      if (this.count > 0) this.handOver(this.packetNow() - 1);
      // Cannot happen: a record is made from one request head (≤ 64 KiB, each byte at most a 6-byte JSON
      // escape) and one response head's few capped fields, well under a slab. Said loudly if it ever does.
      if (most > SLAB_BYTES && Buffer.byteLength(json) >= SLAB_BYTES) throw new Error(`a record of ${json.length} characters does not fit a ${SLAB_BYTES}-byte slab`);
    }
    const b = this.bytes;
    b.pos += (b.buf as Buffer).write(json, b.pos);
    b.buf[b.pos++] = 10;
    this.ended();
  }

  /** A record's line ends at bytes.pos: tagged, and the slab handed over once its line table is full. */
  private ended(): void {
    const v = this.slabs.view(this.slab);
    const packet = this.packetNow();
    v.ends[this.count] = this.bytes.pos;
    v.packets[this.count] = packet;
    v.orders[this.count] = this.orderNow();
    this.count++;
    // The packet being processed may still emit records: the watermark stops before it.
    if (this.count === SLAB_LINES) this.handOver(packet - 1);
  }

  /**
   * A block (1 MiB) of the file is done: every packet so far is finished. The watermark goes out even when
   * the block emitted nothing, or the merge would hold the other shards' records back.
   */
  blockDone(packets: number): void {
    if (this.count > 0) this.handOver(packets);
    else post({ type: 'watermark', watermark: packets, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal });
  }

  finish(): void {
    const watermark = Number.POSITIVE_INFINITY;
    if (this.count > 0) this.handOver(watermark);
    else post({ type: 'watermark', watermark, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal });
  }

  private handOver(watermark: number): void {
    const { states } = this.slabs;
    Atomics.store(states, this.slab, 1);
    post({ type: 'slab', slab: this.slab, count: this.count, watermark, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal });
    this.slab = (this.slab + 1) % this.slabs.count;
    this.bytes.buf = this.slabs.view(this.slab).bytes;
    this.bytes.pos = 0;
    this.count = 0;
    // The next slab is free once the main thread has written what it held (a failed run wakes the wait to end it).
    while (Atomics.load(states, this.slab) !== 0) {
      this.stop();
      Atomics.wait(states, this.slab, 1, 1000);
    }
  }
}

type StopCheck = () => void;

/**
 * Ends this thread when the run has failed. The main thread asks instead of calling terminate(): terminating a
 * thread that is inside a zlib call (body sampling decodes gzip and brotli) can catch a zlib handle between its
 * creation and its init, and Node 20 then aborts the whole process at the thread's teardown ("close before init").
 * Here the thread ends itself where no zlib call is under way.
 */
function stopCheck(memory: SharedArrayBuffer): StopCheck {
  const flag = new Int32Array(memory);
  return () => {
    if (Atomics.load(flag, 0) !== 0) process.exit(0);
  };
}

async function runShard(job: ShardJob): Promise<void> {
  const stop = stopCheck(job.stop);
  const commands = commandQueue(stop);
  const out = new SlabWriter(new Slabs(job.slabs), stop);
  let finishing = false;
  const engine: CaptureEngine = new CaptureEngine(
    job.first.path,
    {
      fingerprintKey: job.fingerprintKey,
      bodyAnalysis: job.bodyAnalysis,
      shard: { index: job.index, count: job.count },
      emitJson: Object.assign((json: string) => out.add(json), { bytes: out.bytes }),
    },
    () => {},
  );
  // Records of the final flush sort after every packet.
  out.tagWith(() => (finishing ? engine.packets + 1 : engine.packets), () => engine.emitOrder);
  for (let file: ShardFile | undefined = job.first; file; ) {
    if (file !== job.first) engine.continueWith(file.path);
    out.bytesTotal = file.fileBytes;
    const blocks = new InputRing(file.input).reader();
    const outcome = await readCaptureBlocks(Buffer.from(file.magic), file.modifiedMs, blocks, engine, {
      // The ring ends the same way for every shard, so all of them stop after the same block.
      signal: blocks,
      onBlock: (read) => {
        stop();
        out.bytesRead = read;
        out.blockDone(engine.packets);
      },
    });
    // An exception in this shard's own flows (a bug) ends only this shard, mid-file: the others would wait for its
    // records and its blocks forever. It ends the run instead, as a shard that dies does. Damage to the file and read
    // errors end every shard at the same place, and are reported as one thread reports them.
    if (outcome.thrown && !blocks.failed) throw new Error(`shard ${job.index}: ${outcome.problem}`);
    post({ type: 'file', outcome, ...engine.totals(), malformedKinds: engine.takeMalformed() });
    const command = await commands.next();
    file = command.type === 'next' ? command.file : undefined;
  }
  finishing = true;
  engine.finish();
  out.finish();
  post({ type: 'done', ...engine.totals(), malformedKinds: engine.takeMalformed() });
  commands.close();
}

function post(msg: ShardMessage): void {
  parentPort!.postMessage(msg);
}

/** The main thread's commands in order; one may arrive before it is awaited. */
function commandQueue(stop: StopCheck): { next(): Promise<ShardCommand>; close(): void } {
  const queued: ShardCommand[] = [];
  let waiting: ((c: ShardCommand) => void) | undefined;
  const receive = (c: ShardCommand) => {
    // Sent with the flag set, to a thread that waits for its next file.
    if (c.type === 'stop') return stop();
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(c);
    } else queued.push(c);
  };
  parentPort!.on('message', receive);
  return {
    next: () => (queued.length > 0 ? Promise.resolve(queued.shift()!) : new Promise((resolve) => (waiting = resolve))),
    // A port with a listener keeps the thread alive: without it the worker exits once its last message is out.
    close: () => parentPort!.off('message', receive),
  };
}

// Only as a shard: this module is also loaded (and must do nothing) in other worker threads, e.g. a test runner's.
if (parentPort && (workerData as Partial<ShardJob> | undefined)?.kind === 'lantern-capture-shard') await runShard(workerData as ShardJob);
