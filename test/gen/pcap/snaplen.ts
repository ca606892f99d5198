/**
 * A classic little-endian pcap (what PcapWriter writes) as `tcpdump -s N` would have captured it: every record
 * keeps at most `snaplen` bytes and its original length, and the header says so. `editcap -s N` does the same.
 */
export function withSnaplen(capture: Buffer, snaplen: number): Buffer {
  const out: Buffer[] = [Buffer.from(capture.subarray(0, 24))];
  out[0].writeUInt32LE(snaplen, 16);
  let p = 24;
  while (p + 16 <= capture.length) {
    const incl = capture.readUInt32LE(p + 8);
    const keep = Math.min(incl, snaplen);
    const header = Buffer.from(capture.subarray(p, p + 16));
    header.writeUInt32LE(keep, 8);
    out.push(header, capture.subarray(p + 16, p + 16 + keep));
    p += 16 + incl;
  }
  return Buffer.concat(out);
}
