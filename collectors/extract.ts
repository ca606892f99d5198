import { readExchangeJsonl } from './exchange-jsonl';
import { emptyReport, mergeReports, type ExchangeSink, type ExtractOptions, type ExtractReport } from './extract-types';
import { extractLogs } from './logs/extract-logs';
import { extractCaptures } from './pcap/extract-captures';
import { sniffInput } from './sniff-input';

/**
 * The one entry point behind `extract`, `discover`, `ingest` and `push`: each input goes to the reader
 * its first bytes call for. Directories are capture directories (rotated tcpdump output).
 */
export async function extractExchanges(
  inputs: string[],
  opts: ExtractOptions,
  sink: ExchangeSink,
): Promise<ExtractReport> {
  const captures: string[] = [];
  const logs: string[] = [];
  const jsonl: string[] = [];
  let report = emptyReport();
  for (const input of inputs) {
    try {
      const kind = await sniffInput(input);
      if (kind === 'capture' || kind === 'directory') captures.push(input);
      else if (kind === 'exchange-jsonl') jsonl.push(input);
      else logs.push(input);
    } catch (err) {
      report.errors.push(`${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (jsonl.length > 0) report = mergeReports(report, await readExchangeJsonl(jsonl, sink));
  const readers: Promise<ExtractReport>[] = [];
  if (captures.length > 0) readers.push(extractCaptures(captures, opts, sink));
  if (logs.length > 0) readers.push(extractLogs(logs, opts, sink));
  for (const r of await Promise.all(readers)) report = mergeReports(report, r);
  return report;
}
