import type { Readable } from 'node:stream';
import * as pcapParser from 'pcap-parser';
import type { DamageSkipped, PacketSink, ReaderStatus, UndatedPackets } from './packet-sink';

export interface SourceOutcome {
  status: ReaderStatus;
  packets: number;
  problem?: string;
  /** Ended by an exception (a read error, or a bug in what the packets were given to), not by what was parsed. */
  thrown?: boolean;
  /** Damaged stretches passed over to the next intact record (the built-in classic reader). */
  skipped?: DamageSkipped[];
  /** Packets the format gave no time, dated by the parser. */
  undated?: UndatedPackets;
}

/**
 * Classic microsecond pcap through the `pcap-parser` package (the project's chosen reader for that format).
 * It has no notion of truncation, so a record left in its buffer at end of input is reported here.
 */
export function readWithPcapParser(input: Readable, sink: PacketSink): Promise<SourceOutcome> {
  return new Promise((resolve) => {
    const parser = pcapParser.parse(input);
    let linkType = 1;
    let packets = 0;
    let failed: string | undefined;
    let started = false;
    parser.on('globalHeader', (h: pcapParser.PcapGlobalHeader) => {
      linkType = h.linkLayerType & 0xffff;
      started = true;
    });
    parser.on('packet', (p: pcapParser.PcapPacket) => {
      packets++;
      const h = p.header;
      sink.packet(linkType, p.data, 0, p.data.length, h.timestampSeconds * 1000 + h.timestampMicroseconds / 1000);
    });
    parser.on('error', (err: Error) => {
      failed ??= err.message;
    });
    parser.once('end', () => {
      if (failed && !started) resolve({ status: 'invalid', packets, problem: failed });
      else if (failed) resolve({ status: 'truncated', packets, problem: `packet ${packets + 1}: ${failed}` });
      else if (!started) resolve({ status: 'invalid', packets, problem: 'file ends inside the capture header' });
      else if (parser.buffer && parser.buffer.length > 0) {
        resolve({ status: 'truncated', packets, problem: `packet ${packets + 1}: file ends inside the record` });
      } else resolve({ status: 'ok', packets });
    });
  });
}
