import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { exchangeSchema } from '../lib/exchange';
import { emptyReport, type ExchangeSink, type ExtractReport } from './extract-types';

/** Reads files of exchanges as `extract` writes them (one JSON object a line), validating each. */
export async function readExchangeJsonl(paths: string[], sink: ExchangeSink): Promise<ExtractReport> {
  const report = emptyReport();
  let lines = 0;
  let malformed = 0;
  for (const path of paths) {
    const raw = createReadStream(path);
    const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    const rl = createInterface({ input, crlfDelay: Infinity });
    let lineNo = 0;
    try {
      for await (const line of rl) {
        lineNo++;
        if (line.trim().length === 0) continue;
        lines++;
        const parsed = safeJson(line);
        const result = exchangeSchema.safeParse(parsed);
        if (result.success) {
          report.exchanges++;
          sink(result.data);
        } else {
          malformed++;
          if (report.warnings.length < 20) report.warnings.push(`${path}:${lineNo}: not an exchange record`);
        }
      }
    } catch (err) {
      report.warnings.push(`${path}:${lineNo}: read stopped: ${(err as Error).message}`);
    }
  }
  report.stats = { lines, malformed };
  return report;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
