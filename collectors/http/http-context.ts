import type { Exchange } from '../../lib/exchange';
import type { BodyBudget } from './body-budget';
import type { BufferBudget } from './buffer-budget';
import type { PacketSource } from './exchange-draft';
import type { UntimedPackets } from './untimed-packets';
import type { MalformedTally } from '../malformed-tally';

/** Shared by every connection of one extraction: where exchanges go and what is counted. */
export interface HttpContext {
  /** A packet number as its file and number there (ExchangeContext.sourceOf). */
  sourceOf(packet: number): PacketSource;
  fingerprintKey: Uint8Array | string;
  emit(exchange: Exchange): void;
  counters: HttpCounters;
  bodies: BodyBudget;
  buffers: BufferBudget;
  /** Set by the capture engine once a packet without a time of its own comes (ExchangeContext.untimed). */
  untimed?: UntimedPackets;
  /**
   * What a connection counted in `counters.malformed`, by kind, as it adds it there (at its close): the engine keeps
   * where each kind was first for the summary (packet numbers change meaning once the flows of their file are gone).
   */
  countMalformed?(tally: MalformedTally): void;
}

export interface HttpCounters {
  unpairedResponses: number;
  malformed: number;
  tls: number;
  h2c: number;
  /** h2c frame boundaries found again after capture holes, and header blocks lost to them (H2ResyncStats). */
  h2Resyncs?: number;
  h2HeaderBlocksDropped?: number;
  /** h2c connections first seen mid-stream (no preface; recognised by their frames, see H2MidStreamProbe). */
  h2MidStream?: number;
  /** HTTP/1 heads cut by a hole (a snapshot length), reported from what was captured (Http1Stream.salvageHead). */
  cutHeads?: number;
}
