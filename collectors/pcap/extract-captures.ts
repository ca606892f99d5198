import type { ExchangeSink, ExtractOptions, ExtractReport } from '../extract-types';

/** Captures (pcap, pcapng, .gz) and capture directories → exchanges. Owned by the traffic-collector work. */
export async function extractCaptures(
  inputs: string[],
  _opts: ExtractOptions,
  _sink: ExchangeSink,
): Promise<ExtractReport> {
  return { exchanges: 0, stats: {}, warnings: [], errors: inputs.map((i) => `${i}: capture reader not built yet`) };
}
