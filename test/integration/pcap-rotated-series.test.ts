import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ExtractReport } from '../../collectors/extract-types';
import type { BodyAnalysis } from '../../collectors/http/body-budget';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import type { Exchange } from '../../lib/exchange';
import { injectEngineBug } from '../gen/pcap/engine-bug';
import { apiCaptureBuffer } from '../gen/pcap/write-capture';
import { SHARED_FIXTURES } from '../require';

/**
 * A capture directory rotated by packet count (editcap -c, as tcpdump -C or dumpcap -b cut a live capture): read as a
 * directory, every exchange is what the unrotated capture gives, including those whose request ends one file and
 * whose response starts the next, and each record names the file and packet its request is in.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-rotated-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PER_FILE = 700;
const whole = join(dir, 'whole.pcap');
const rotated = join(dir, 'rotated');
let files: string[];

beforeAll(() => {
  const { capture } = apiCaptureBuffer({ seed: 21, exchanges: 3000, connections: 48, retransmitRate: 0.01, reorderRate: 0.01 });
  writeFileSync(whole, capture);
  mkdirSync(rotated);
  const split = spawnSync('editcap', ['-c', String(PER_FILE), whole, join(rotated, 'trace.pcap')], { encoding: 'utf8' });
  expect(split.status, split.stderr).toBe(0);
  files = readdirSync(rotated).sort();
  expect(files.length).toBeGreaterThan(10);
});

async function extract(inputs: string[], workers = 1, bodyAnalysis: BodyAnalysis = 'all'): Promise<{ records: Exchange[]; lines: string[]; report: ExtractReport }> {
  const lines: string[] = [];
  const report = await extractCaptures(inputs, { fingerprintKey: 'rotation-test', workers, shardMinBytes: 0, bodyAnalysis, emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  return { records: lines.map((l) => JSON.parse(l) as Exchange), lines, report };
}

/** A record of the rotated files, with its source numbered as in the unrotated capture. */
function asInWhole(ex: Exchange): Exchange {
  const name = ex.source!.file.slice(rotated.length + 1);
  const index = files.indexOf(name);
  expect(index, name).toBeGreaterThanOrEqual(0);
  return { ...ex, source: { file: whole, packet: index * PER_FILE + ex.source!.packet! } };
}

test('a rotated directory gives the exchanges of the unrotated capture, in the same order, each sourced to its own file', async () => {
  const one = await extract([whole]);
  const series = await extract([rotated]);
  expect(one.records.length).toBeGreaterThan(2500);
  expect(series.records.map(asInWhole)).toEqual(one.records);
  expect(series.report.stats.files).toBe(files.length);
  for (const k of ['packets', 'flows', 'gaps', 'retransmitted', 'unpairedResponses']) expect(series.report.stats[k], k).toBe(one.report.stats[k]);
  // The generator's lost segments, said per file (their number is the whole capture's, checked above).
  expect(series.report.warnings.filter((w) => !/capture gaps/.test(w))).toEqual([]);

  // The same files named one by one are separate captures: what the boundaries cut is lost, which is what this checks.
  const separate = await extract(files.map((f) => join(rotated, f)));
  const withStatus = (r: { records: Exchange[] }) => r.records.filter((e) => e.status !== undefined).length;
  expect(withStatus(separate)).toBeLessThan(withStatus(one));
  expect(separate.report.stats.unpairedResponses).toBeGreaterThan(0);
});

test('two workers carry flows across the files as one thread does: the same lines', async () => {
  const one = await extract([rotated], 1);
  const two = await extract([rotated], 2);
  expect(two.lines).toEqual(one.lines);
  expect(two.report).toEqual(one.report);
});

test('a file of the same series that starts before the previous one ended is another capture, not a continuation', async () => {
  // Two taps on the same traffic, the second started a quarter into the first (seconds before its end): each file
  // gives what it gives alone (its packets are not taken for retransmissions of the first's, nor added to its flows,
  // and which bodies it samples for sensitive data is not decided by what the first sampled).
  const taps = join(dir, 'taps');
  mkdirSync(taps);
  const { capture } = apiCaptureBuffer({ seed: 5, exchanges: 2000, connections: 16 });
  const packets = pcapRecords(capture);
  const quarter = Math.floor(packets.length / 4);
  const seconds = (p: Buffer) => p.readUInt32LE(0) + p.readUInt32LE(4) / 1e6;
  expect(seconds(packets[packets.length - 1]) - seconds(packets[quarter])).toBeGreaterThan(2);
  writeFileSync(join(taps, 'tap-1.pcap'), capture);
  writeFileSync(join(taps, 'tap-2.pcap'), Buffer.concat([capture.subarray(0, 24), ...packets.slice(quarter)]));
  const alone = async (n: number, bodies: BodyAnalysis) => (await extract([join(taps, `tap-${n}.pcap`)], 1, bodies)).records;
  // Workers sample bodies per shard, so they are held to one thread with every body analysed.
  for (const [workers, bodies] of [[1, 'sampled'], [2, 'all']] as const) {
    const [first, second] = [await alone(1, bodies), await alone(2, bodies)];
    expect(second.length).toBeGreaterThan(1000);
    expect(second.filter((e) => e.sensitive).length).toBeGreaterThan(10);
    const both = await extract([taps], workers, bodies);
    const fromTap = (n: number) => both.records.filter((e) => e.source!.file.endsWith(`tap-${n}.pcap`));
    expect(fromTap(1)).toEqual(first);
    expect(fromTap(2)).toEqual(second);
  }
});

test('a rotated series with a damaged record in one file: two workers end that file where one thread does and go on', async () => {
  // Files big enough that the damage leaves many input-ring slots unread (the reader must stop, not wait for them).
  const capture = apiCaptureBuffer({ seed: 31, exchanges: 15_000, connections: 32 }).capture;
  const packets = pcapRecords(capture);
  const third = Math.ceil(packets.length / 3);
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.constantFrom(0xffffff00, 0x7fffffff), async (file, at, length) => {
      const damaged = mkdtempSync(join(dir, 'damaged-'));
      for (let f = 0; f < 3; f++) {
        const part = packets.slice(f * third, (f + 1) * third);
        if (f === file) {
          const i = Math.floor(at * part.length);
          part[i] = Buffer.from(part[i]);
          part[i].writeUInt32LE(length, 8);
        }
        writeFileSync(join(damaged, `ring-${f + 1}.pcap`), Buffer.concat([capture.subarray(0, 24), ...part]));
      }
      const one = await extract([damaged], 1);
      const two = await extract([damaged], 2);
      expect(one.report.warnings.some((w) => w.includes(`ring-${file + 1}.pcap: packet`) && w.includes('is corrupt'))).toBe(true);
      expect(two.lines).toEqual(one.lines);
      expect(two.report).toEqual(one.report);
      rmSync(damaged, { recursive: true });
    }),
    { numRuns: 6, seed: 20261205 },
  );
}, 120_000);

test.each(readdirSync(join(SHARED_FIXTURES, 'pcap')).filter((f) => /\.pcap(ng)?$/.test(f)))('%s cut every 3 packets gives the records of the whole file', async (name) => {
  // Real third-party captures: h2c (HPACK's dynamic table carried), TLS, pipelining, tunnels, several link types.
  const fixture = join(SHARED_FIXTURES, 'pcap', name);
  const cut = mkdtempSync(join(dir, 'fixture-'));
  const split = spawnSync('editcap', ['-c', '3', fixture, join(cut, `part${extname(name)}`)], { encoding: 'utf8' });
  expect(split.status, split.stderr).toBe(0);
  const parts = readdirSync(cut).sort();
  const whole = await extract([fixture]);
  const series = await extract([cut]);
  expect(whole.records.length).toBeGreaterThan(0);
  const renumbered = series.records.map((ex) => ({ ...ex, source: { file: fixture, packet: parts.indexOf(basename(ex.source!.file)) * 3 + ex.source!.packet! } }));
  expect(renumbered).toEqual(whole.records);
});

test('an exception in one file of a series (a bug) ends that file as damage would, and the next file starts afresh', async () => {
  // The 2nd file's 100th packet throws once, the way a parser bug would.
  const undo = injectEngineBug(PER_FILE + 99);
  let series: Awaited<ReturnType<typeof extract>>;
  try {
    series = await extract([rotated]);
  } finally {
    undo();
  }
  expect(series!.report.warnings.some((w) => w.startsWith(`${join(rotated, files[1])}: packet 100: engine bug on purpose;`)), series!.report.warnings.join('\n')).toBe(true);
  // From the 3rd file on: what a new engine gives for those files alone.
  const rest = mkdtempSync(join(dir, 'rest-'));
  for (const f of files.slice(2)) copyFileSync(join(rotated, f), join(rest, f));
  const alone = await extract([rest]);
  const later = (records: Exchange[]) => records.filter((e) => files.indexOf(basename(e.source!.file)) >= 2).map((e) => ({ ...e, source: { ...e.source!, file: basename(e.source!.file) } }));
  expect(alone.records.length).toBeGreaterThan(1000);
  expect(later(series!.records)).toEqual(later(alone.records));
  // Carried on, the broken engine would see the rest of the 2nd file as holes in its flows (capture gaps in the 3rd).
  const laterWarnings = (r: ExtractReport) => r.warnings.filter((w) => files.slice(2).some((f) => w.includes(f))).map((w) => w.replace(/^.*\//, ''));
  expect(laterWarnings(series!.report)).toEqual(laterWarnings(alone.report));
}, 30_000);

/** A classic pcap's records (header and data), after its 24-byte file header. */
function pcapRecords(capture: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 24; at < capture.length; ) {
    const end = at + 16 + capture.readUInt32LE(at + 8);
    out.push(capture.subarray(at, end));
    at = end;
  }
  return out;
}
