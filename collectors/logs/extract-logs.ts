import type { ExchangeSink, ExtractOptions, ExtractReport } from '../extract-types';

/** Access logs, HAR and OTLP/JSON traces → exchanges. Owned by the log-collector work. */
export async function extractLogs(inputs: string[], _opts: ExtractOptions, _sink: ExchangeSink): Promise<ExtractReport> {
  return { exchanges: 0, stats: {}, warnings: [], errors: inputs.map((i) => `${i}: log readers not built yet`) };
}
