import { generateApiTraffic, type TrafficOptions } from './api-traffic';
import { fileSink, PcapWriter } from './pcap-writer';

/** Writes a generated API capture to `path`; returns exchanges, packets and bytes written. */
export function writeApiCapture(path: string, opts: TrafficOptions): { exchanges: number; packets: number; bytes: number } {
  const sink = fileSink(path);
  try {
    const w = new PcapWriter(sink.write);
    const { exchanges } = generateApiTraffic(w, opts);
    return { exchanges, packets: w.packets, bytes: w.bytes };
  } finally {
    sink.close();
  }
}

/** Generates in memory (tests): the whole capture as one Buffer. */
export function apiCaptureBuffer(opts: TrafficOptions): { capture: Buffer; exchanges: number } {
  const chunks: Buffer[] = [];
  const w = new PcapWriter((c) => chunks.push(c));
  const { exchanges } = generateApiTraffic(w, opts);
  return { capture: Buffer.concat(chunks), exchanges };
}
