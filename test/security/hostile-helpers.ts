import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { extractExchanges } from '../../collectors/extract';
import type { ExtractReport } from '../../collectors/extract-types';
import { CaptureEngine } from '../../collectors/pcap/capture-engine';
import type { CaptureParser } from '../../collectors/pcap/packet-sink';
import { exchangeSchema, type Exchange } from '../../lib/exchange';

/**
 * Shared pieces of the hostile-input tests. Time budgets are the tests' own timeouts (a hang fails the test, no
 * timing is asserted). Memory budgets bound the peak of *live* heap + ArrayBuffer memory while the work runs: a
 * sampler forces a full GC every 20 ms and then reads the usage (streaming work yields to the event loop, so it
 * gets to run), over a baseline taken after a GC. Garbage the collector would reclaim anyway does not count;
 * anything the work holds on to does. Synchronous work is measured at its end.
 */
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export async function memoryGrowth(work: () => Promise<unknown> | unknown): Promise<number> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  gc();
  const before = used();
  let peak = before;
  // The next sample is taken 20 ms after this one ends, not on a fixed interval: a full collection in a big test heap
  // on a busy machine takes longer than 20 ms, and back-to-back collections starved the work of event-loop turns
  // until the test timed out (whatever the code under test did). Waiting longer between samples would miss the peak:
  // inflating 256 MiB into memory takes about a second.
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    gc();
    peak = Math.max(peak, used());
    sampler = setTimeout(sample, 20);
  };
  sampler = setTimeout(sample, 20);
  try {
    await work();
  } finally {
    clearTimeout(sampler);
  }
  peak = Math.max(peak, used());
  return peak - before;
}

export const MB = 1024 * 1024;

/** `depth` nested arrays around `inner`: 10,000 levels is what the issue asks parsers to survive. */
export function deepArray(depth: number, inner = '0'): string {
  return `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
}

export function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Runs a capture parser over an in-memory capture; returns every exchange and the parser's status. */
export function parseCapture(parser: CaptureParser, buf: Buffer): { exchanges: Exchange[]; status: ReturnType<CaptureParser['parse']> } {
  const exchanges: Exchange[] = [];
  const engine = new CaptureEngine('hostile', { fingerprintKey: 'k' }, (e) => exchanges.push(e));
  const status = parser.parse(buf, engine);
  engine.finish();
  return { exchanges, status };
}

export function expectValidExchanges(list: Exchange[]): void {
  for (const e of list) {
    const r = exchangeSchema.safeParse(e);
    if (!r.success) throw new Error(`invalid exchange: ${r.error.message}`);
  }
}

/** The whole collector path (sniffing, reader, format registry) on one file with the given content. */
export async function extractFile(name: string, content: string | Buffer): Promise<{ exchanges: Exchange[]; report: ExtractReport }> {
  const file = join(mkdtempSync(join(tmpdir(), 'lantern-hostile-')), name);
  writeFileSync(file, content);
  const exchanges: Exchange[] = [];
  const report = await extractExchanges([file], { fingerprintKey: 'k' }, (e) => exchanges.push(e));
  expectValidExchanges(exchanges);
  return { exchanges, report };
}
