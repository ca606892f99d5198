// Types for the untyped `pcap-parser` package (0.2.x): an EventEmitter over a readable stream.
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events';
  import type { Readable } from 'node:stream';
  export interface PcapGlobalHeader {
    magicNumber: number;
    majorVersion: number;
    minorVersion: number;
    snapshotLength: number;
    linkLayerType: number;
  }
  export interface PcapPacket {
    header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
    data: Buffer;
  }
  export interface PcapParser extends EventEmitter {
    /** Internal: bytes received but not yet parsed (a truncated last record stays here). */
    buffer: Buffer | null;
    stream: Readable;
  }
  export function parse(input: string | Readable): PcapParser;
}
