import { closeSync, openSync, writeSync } from 'node:fs';

/** Classic pcap (microsecond, little-endian) written through one reusable 4 MiB buffer. */
export class PcapWriter {
  private buf = Buffer.allocUnsafe(4 << 20);
  private off = 0;
  bytes = 0;
  packets = 0;

  constructor(
    private readonly out: (chunk: Buffer) => void,
    linkType = 1,
  ) {
    const h = this.buf;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8);
    h.writeUInt32LE(0, 12);
    h.writeUInt32LE(262144, 16);
    h.writeUInt32LE(linkType, 20);
    this.off = 24;
    this.bytes = 24;
  }

  /** Reserves room for a record of `len` bytes and returns the offset where its data goes. */
  begin(tsUs: number, len: number): { buf: Buffer; at: number } {
    if (this.off + 16 + len > this.buf.length) this.flush();
    const b = this.buf;
    const sec = Math.floor(tsUs / 1e6);
    b.writeUInt32LE(sec, this.off);
    b.writeUInt32LE(tsUs - sec * 1e6, this.off + 4);
    b.writeUInt32LE(len, this.off + 8);
    b.writeUInt32LE(len, this.off + 12);
    const at = this.off + 16;
    this.off = at + len;
    this.bytes += 16 + len;
    this.packets++;
    return { buf: b, at };
  }

  flush(): void {
    if (this.off > 0) this.out(Buffer.from(this.buf.subarray(0, this.off)));
    this.off = 0;
  }
}

/** A PcapWriter onto a file descriptor (the benchmark's multi-GB output). */
export function fileSink(path: string): { write: (chunk: Buffer) => void; close: () => void } {
  const fd = openSync(path, 'w');
  return { write: (chunk) => void writeSync(fd, chunk), close: () => closeSync(fd) };
}
