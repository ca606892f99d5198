import type { Exchange } from '../../lib/exchange';
import { BodyBudget, type BodyAnalysis } from '../http/body-budget';
import { BufferBudget } from '../http/buffer-budget';
import { ExchangeJsonWriter } from '../http/exchange-json';
import { HttpConnection, type HttpContext, type HttpCounters } from '../http/http-connection';
import { PacketDecoder } from './decode-packet';
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
}

/**
 * Packets in, exchanges out: link/IP/tunnel decoding, TCP reassembly and HTTP parsing wired together.
 * One engine per capture file (packet numbers and flows restart with each file), or one for a live mirror.
 */
export class CaptureEngine implements PacketSink {
  packets = 0;
  bytes = 0;
  exchanges = 0;
  private readonly decoder: PacketDecoder;
  private readonly tcp: TcpReassembler;
  private readonly http: HttpContext;

  constructor(file: string, opts: EngineOptions, emit: (exchange: Exchange) => void) {
    const counters: HttpCounters = { unpairedResponses: 0, malformed: 0, tls: 0, h2c: 0 };
    this.http = {
      file,
      fingerprintKey: opts.fingerprintKey,
      counters,
      bodies: new BodyBudget(opts.bodyAnalysis),
      buffers: new BufferBudget(),
      emit: opts.emitJson ? this.jsonEmitter(opts.emitJson) : (ex) => {
        this.exchanges++;
        emit(ex);
      },
    };
    this.tcp = new TcpReassembler((ends) => new HttpConnection(ends, this.http), opts.limits ?? DEFAULT_TCP_LIMITS);
    this.decoder = new PacketDecoder(this.tcp);
  }

  private jsonEmitter(emitJson: (json: string) => void): (ex: Exchange) => void {
    const writer = new ExchangeJsonWriter();
    return (ex) => {
      this.exchanges++;
      emitJson(writer.write(ex));
    };
  }

  packet(linkType: number, data: Buffer, start: number, end: number, tsMs: number): void {
    this.packets++;
    this.bytes += end - start;
    this.tcp.packet = this.packets;
    this.decoder.decode(linkType, data, start, end, tsMs);
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

  get openConnections(): number {
    return this.tcp.connections;
  }

  /** Counters for the summary line. */
  stats(): Record<string, number> {
    const d = this.decoder.counters;
    const t = this.tcp.counters;
    const h = this.http.counters;
    return {
      packets: this.packets,
      bytes: this.bytes,
      flows: t.flows,
      gaps: t.gaps,
      malformed: d.malformed + h.malformed,
      retransmitted: t.retransmitted,
      outOfOrder: t.outOfOrder,
      snaplenCut: d.snaplenCut,
      tunnelled: d.tunnels,
      fragments: d.fragments,
      unpairedResponses: h.unpairedResponses,
      tls: h.tls,
      h2c: h.h2c,
      h2Resyncs: h.h2Resyncs ?? 0, h2MidStream: h.h2MidStream ?? 0,
      h2HeaderBlocksDropped: h.h2HeaderBlocksDropped ?? 0,
      evictedFlows: t.evicted,
    };
  }
}
