import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { exchangeSchema } from '../lib/exchange';
import { ContentDigest, type ContentDigestRequest } from './content-digest';
import { emptyReport, type ExchangeSink, type ExtractReport } from './extract-types';

/** A file of exchanges, inflated when it is a `.gz`; its bytes as on disk go to `digest` as they are read. */
function fileLines(path: string, digest: ContentDigest | undefined): Readable {
  const raw = createReadStream(path);
  if (digest) raw.on('data', (chunk) => digest.update(chunk as Buffer));
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

/** Reads files (or an already inflated stream) of exchanges as `extract` writes them (one JSON object a line), validating each. */
export async function readExchangeJsonl(inputs: (string | { path: string; stream: Readable })[], sink: ExchangeSink, contentDigest?: ContentDigestRequest): Promise<ExtractReport> {
  const report = emptyReport();
  let lines = 0;
  let malformed = 0;
  let files = 0;
  for (const item of inputs) {
    files++;
    const path = typeof item === 'string' ? item : item.path;
    const digest = typeof item === 'string' ? ContentDigest.start(contentDigest, path) : undefined;
    const input = typeof item === 'string' ? fileLines(path, digest) : item.stream;
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
      digest?.finish();
    } catch (err) {
      report.warnings.push(`${path}:${lineNo}: read stopped: ${(err as Error).message}`);
    }
  }
  report.stats = { files, lines, malformed };
  return report;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
