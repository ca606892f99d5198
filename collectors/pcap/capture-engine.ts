import type { Exchange } from '../../lib/exchange';
import { subtractCounts } from '../../lib/inventory/count-map';
import { BodyBudget, SAMPLE_MEMORY, type BodyAnalysis } from '../http/body-budget';
import { BUFFER_CAPACITY, BufferBudget } from '../http/buffer-budget';
import { ExchangeJsonWriter } from '../http/exchange-json';
import { ExchangeJsonBytes } from '../http/exchange-json-bytes';
import { jsonBytesOf } from '../logs/json-bytes';
import { HttpConnection, type HttpContext, type HttpCounters } from '../http/http-connection';
import { UntimedPackets } from '../http/untimed-packets';
import { countMalformed, type MalformedKind, type MalformedTally } from '../malformed-tally';
import { PacketDecoder } from './decode-packet';
import { PacketSources } from './packet-sources';
import type { PacketSink } from './packet-sink';
import { TcpReassembler } from './tcp-reassembly';
import { DEFAULT_TCP_LIMITS, type TcpLimits } from './tcp-stream';

export interface EngineOptions {
  fingerprintKey: Uint8Array | string;
  limits?: TcpLimits;
  /** Which bodies are decoded and scanned for sensitive data (default: sampled per endpoint shape). */
  bodyAnalysis?: BodyAnalysis;
  /** The fast lane (ExtractOptions.emitJson): records go out as JSON text and `emit` is not called. */
  emitJson?: (json: string) => void;
  /**
   * One of `count` engines reading the same file in parallel (shard-worker.ts): it tracks only its share of
   * the flows, within its share of the memory caps, and only shard 0 counts per-packet statistics.
   */
  shard?: { index: number; count: number };
}

/**
 * Packets in, exchanges out: link/IP/tunnel decoding, TCP reassembly and HTTP parsing wired together.
 * One engine per capture file, per series of rotated files read in order (continueWith), or per live mirror.
 */
export class CaptureEngine implements PacketSink {
  packets = 0;
  bytes = 0;
  exchanges = 0;
  private readonly decoder: PacketDecoder;
  private readonly tcp: TcpReassembler;
  private readonly http: HttpContext;
  private readonly sources: PacketSources;
  /** Time of the last packet decoded. */
  private lastTs = 0;
  /** Packets before this time take the slow path (packet): 0, or just below the previous file's end after continueWith. */
  private minTs = 0;
  /** The first packet of the file continueWith announced, until a packet of it has a valid time; -1 none. */
  private boundary = -1;

  constructor(file: string, opts: EngineOptions, emit: (exchange: Exchange) => void) {
    const counters: HttpCounters = { unpairedResponses: 0, malformed: 0, tls: 0, h2c: 0 };
    const shard = opts.shard ?? { index: 0, count: 1 };
    this.countsPackets = shard.index === 0;
    const limits = shareOf(opts.limits ?? DEFAULT_TCP_LIMITS, shard.count);
    this.bodyBudget = () => new BodyBudget(opts.bodyAnalysis, new BufferBudget(Math.ceil(SAMPLE_MEMORY / shard.count)), shard.count);
    this.sources = new PacketSources(file);
    this.http = {
      sourceOf: this.sources.of,
      fingerprintKey: opts.fingerprintKey,
      counters,
      bodies: this.bodyBudget(),
      buffers: new BufferBudget(Math.ceil(BUFFER_CAPACITY / shard.count)),
      untimed: undefined,
      countMalformed: (tally) => {
        for (const [kind, c] of Object.entries(tally)) countMalformed(this.malformed, kind as MalformedKind, c.count, c.first, this.sources.of);
      },
      emit: opts.emitJson ? this.jsonEmitter(opts.emitJson) : (ex) => {
        this.exchanges++;
        emit(ex);
      },
    };
    this.tcp = new TcpReassembler((ends) => new HttpConnection(ends, this.http), limits, shard);
    this.decoder = new PacketDecoder(this.tcp, (kind) => this.packetMalformed(kind));
  }

  /**
   * `malformed` by kind since the last takeMalformed, each with where it was first, named as its file numbers it when
   * counted: a connection's are counted at its close, which may come in a later file of a series (as its count does).
   */
  private malformed: MalformedTally = {};

  /** The packet being read is malformed; counted by shard 0 alone, as the decoder's `malformed` is (stats). */
  private packetMalformed(kind: MalformedKind): void {
    if (this.countsPackets) countMalformed(this.malformed, kind, 1, this.packets, this.sources.of);
  }

  /** What was malformed, by kind, since the last call (one file's share of a series, or the final flush's). */
  takeMalformed(): MalformedTally {
    const taken = this.malformed;
    this.malformed = {};
    return taken;
  }

  private readonly countsPackets: boolean;
  /** Which bodies are sampled is decided per capture (per endpoint shape seen): a new one for another capture. */
  private readonly bodyBudget: () => BodyBudget;

  /**
   * Where a record emitted now falls among records emitted at the same packet: connections closed by an
   * idle sweep or the final flush come first, in the order they were opened, then the packet's own flow.
   */
  get emitOrder(): number {
    const created = this.tcp.closingCreated;
    return created === -1 ? Number.MAX_SAFE_INTEGER : created;
  }

  private jsonEmitter(emitJson: (json: string) => void): (ex: Exchange) => void {
    // With the writer's byte buffer (stdout), records are written into it as bytes (exchange-json-bytes.ts).
    const bytes = jsonBytesOf(emitJson);
    if (bytes) {
      const lane = new ExchangeJsonBytes(bytes, emitJson);
      return (ex) => {
        this.exchanges++;
        lane.write(ex);
      };
    }
    const writer = new ExchangeJsonWriter();
    return (ex) => {
      this.exchanges++;
      emitJson(writer.write(ex));
    };
  }

  packet(linkType: number, data: Buffer, start: number, end: number, tsMs: number, timeInferred?: boolean): void {
    this.packets++;
    if (timeInferred === true) (this.http.untimed ??= new UntimedPackets()).add(this.packets);
    this.bytes += end - start;
    this.tcp.packet = this.packets;
    if (!(tsMs >= this.minTs && tsMs < END_OF_ISO_TIME) && !this.unusualTime(tsMs)) return;
    this.lastTs = tsMs;
    this.decoder.decode(linkType, data, start, end, tsMs);
  }

  /**
   * The next file of a rotated series (tcpdump -C/-G, dumpcap -b) continues this one: connections, held
   * segments and requests waiting for their response carry over, so an exchange cut by the rotation is whole.
   * Unless the file's first packet is older than the last one read (by more than clocks jitter): then it is
   * another capture (a second tap, a ring read out of order), and everything open is flushed first, as at
   * the end of a file read alone. Packet numbers run on; records still name each file's own numbers.
   */
  continueWith(file: string): void {
    this.boundary = this.packets + 1;
    this.minTs = this.lastTs - ROTATION_SLACK_MS;
    this.sources.add(file, this.boundary, this.tcp.oldestCreated);
  }

  /** A packet whose time is out of the fast path's range: false when it is not to be decoded. */
  private unusualTime(tsMs: number): boolean {
    // A time no record can carry (past 9999-12-31, as a corrupt pcapng timestamp can be) marks a damaged
    // record header: the packet is counted as malformed, not given an invented time.
    if (!(tsMs >= 0 && tsMs < END_OF_ISO_TIME)) {
      this.decoder.counters.malformed++;
      this.packetMalformed('packetTime');
      if (this.boundary === this.packets) this.boundary++;
      return false;
    }
    if (this.boundary === this.packets) {
      this.startOver();
      this.sources.reset(this.sources.of(this.packets).file, this.packets);
    }
    // Later packets may go back in time a little (several interfaces, several CPUs): only a file's first decides.
    this.minTs = 0;
    this.boundary = -1;
    return true;
  }

  /** A datagram from a live VXLAN mirror (the UDP payload, VXLAN header first). */
  vxlanDatagram(payload: Buffer, tsMs: number): void {
    this.packets++;
    this.bytes += payload.length;
    this.tcp.packet = this.packets;
    this.decoder.decodeVxlanPayload(payload, tsMs);
  }

  /** For live mirrors: lets idle flows time out while no packets arrive. */
  tick(nowMs: number): void {
    this.tcp.sweep(nowMs);
  }

  /** Flushes open connections: pending requests are emitted without a response. */
  finish(): void {
    this.tcp.flush();
  }

  /**
   * As a new engine (counters and packet numbers aside): what was open is flushed, and nothing read so far decides
   * anything after. For another capture in a series, and after an exception (a bug) may have left a flow half way.
   */
  startOver(): void {
    this.tcp.flush(true);
    this.http.bodies = this.bodyBudget();
  }

  get openConnections(): number {
    return this.tcp.connections;
  }

  /** Counters and records so far (over every file of a series). */
  totals(): EngineTotals {
    return { stats: this.stats(), exchanges: this.exchanges };
  }

  /** Counters for the summary line. */
  stats(): Record<string, number> {
    const d = this.decoder.counters;
    const t = this.tcp.counters;
    const h = this.http.counters;
    // Shards other than 0 decode the same packets: their per-packet counts would be summed twice.
    const own = this.countsPackets ? 1 : 0;
    return {
      packets: this.packets * own,
      bytes: this.bytes * own,
      flows: t.flows,
      gaps: t.gaps,
      malformed: d.malformed * own + h.malformed,
      retransmitted: t.retransmitted,
      outOfOrder: t.outOfOrder,
      snaplenCut: d.snaplenCut * own,
      tunnelled: d.tunnels * own,
      fragments: d.fragments * own,
      unsupportedLink: d.unsupportedLink * own,
      nonIp: d.nonIp * own,
      unpairedResponses: h.unpairedResponses,
      cutHeads: h.cutHeads ?? 0,
      tls: h.tls,
      h2c: h.h2c,
      h2Resyncs: h.h2Resyncs ?? 0, h2MidStream: h.h2MidStream ?? 0,
      h2HeaderBlocksDropped: h.h2HeaderBlocksDropped ?? 0,
      evictedFlows: t.evicted,
    };
  }
}

export interface EngineTotals {
  stats: Record<string, number>;
  exchanges: number;
}

/** What was added between two totals (one file's share of a series). */
export function totalsSince(before: EngineTotals, after: EngineTotals): EngineTotals {
  return { stats: subtractCounts(after.stats, before.stats), exchanges: after.exchanges - before.exchanges };
}

/** How far a rotated file's first packet may precede the previous file's last (timestamps from several CPUs). */
const ROTATION_SLACK_MS = 1000;

/** 10000-01-01T00:00:00Z: the first time a four-digit ISO 8601 year (the record's `ts`) cannot write. */
const END_OF_ISO_TIME = Date.UTC(10000, 0, 1);

/** Each of `count` shards gets its share of the caps that bound memory in total. */
function shareOf(limits: TcpLimits, count: number): TcpLimits {
  if (count === 1) return limits;
  return { ...limits, totalBytes: Math.ceil(limits.totalBytes / count), maxConnections: Math.ceil(limits.maxConnections / count) };
}
