import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter } from './pcap-writer';
import { ACK, FIN, PSH, RST, SYN, writeTcpFrame, type Endpoint } from './tcp-frames';

/** One direction's bytes in a scripted TCP conversation, cut into segments of at most `mss`. */
export interface Turn {
  from: 'client' | 'server';
  /** With `reset`, may be empty: the side sends its data (if any), then a RST. */
  data: Buffer | string;
  /** The side resets the connection after this turn's data; no FINs close a conversation with a reset. */
  reset?: boolean;
}

export interface ConversationOptions {
  mss?: number;
  /** Leave out the handshake (a flow the capture picked up mid-stream). */
  midStream?: boolean;
  /** Segment indexes (over the whole conversation, 0-based) to leave out of the capture. */
  drop?: Set<number>;
  clientPort?: number;
  serverPort?: number;
}

/**
 * A scripted TCP conversation as a classic pcap: handshake, turns cut at the MSS, FINs. The unit of
 * test input for HTTP framing, pairing, h2c and TLS tests.
 */
export function conversationPcap(turns: Turn[], opts: ConversationOptions = {}): Buffer {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  writeConversation(w, turns, opts);
  w.flush();
  return Buffer.concat(chunks);
}

export function writeConversation(w: PcapWriter, turns: Turn[], opts: ConversationOptions = {}, tsStart = 1_700_000_000_000_000): void {
  const client: Endpoint = { ip: 0x0a000001, port: opts.clientPort ?? 40000, mac: 0x020000000001 };
  const server: Endpoint = { ip: 0x0a000002, port: opts.serverPort ?? 80, mac: 0x020000000002 };
  let cseq = 1000;
  let sseq = 5000;
  let ts = tsStart;
  if (!opts.midStream) {
    writeTcpFrame(w, ts++, client, server, cseq++, 0, SYN);
    writeTcpFrame(w, ts++, server, client, sseq++, cseq, SYN | ACK);
    writeTcpFrame(w, ts++, client, server, cseq, sseq, ACK);
  }
  const mss = opts.mss ?? 1460;
  let segment = 0;
  let reset = false;
  for (const turn of turns) {
    const data = typeof turn.data === 'string' ? Buffer.from(turn.data, 'latin1') : turn.data;
    const fromClient = turn.from === 'client';
    for (let o = 0; o < data.length; o += mss) {
      const end = Math.min(data.length, o + mss);
      const seq = (fromClient ? cseq : sseq) + o;
      if (!opts.drop?.has(segment)) {
        if (fromClient) writeTcpFrame(w, (ts += 100), client, server, seq, sseq, PSH | ACK, data, o, end);
        else writeTcpFrame(w, (ts += 100), server, client, seq, cseq, PSH | ACK, data, o, end);
      }
      segment++;
    }
    if (fromClient) cseq += data.length;
    else sseq += data.length;
    if (turn.reset) {
      reset = true;
      if (fromClient) writeTcpFrame(w, (ts += 100), client, server, cseq, 0, RST);
      else writeTcpFrame(w, (ts += 100), server, client, sseq, 0, RST);
    }
    ts += 1000;
  }
  if (reset) return;
  writeTcpFrame(w, ts++, client, server, cseq, sseq, FIN | ACK);
  writeTcpFrame(w, ts++, server, client, sseq, cseq + 1, FIN | ACK);
}

/** Writes a capture to a fresh temporary file (extractCaptures reads paths). */
export function tempCapture(bytes: Buffer, name = 'test.pcap'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-pcap-')), name);
  writeFileSync(path, bytes);
  return path;
}
