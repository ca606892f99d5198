import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import type { ExtractReport } from '../../collectors/extract-types';
import type { BodyAnalysis } from '../../collectors/http/body-budget';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import { RING_SLOTS, SLOT_BYTES } from '../../collectors/pcap/input-ring';
import { extractSharded } from '../../collectors/pcap/sharded-extract';
import { apiCaptureBuffer } from '../gen/pcap/write-capture';
import { malformedCapture, withImpossibleTime } from '../gen/pcap/malformed-capture';
import { SHARED_FIXTURES } from '../require';

/**
 * Parallel extraction (`workers` > 1, collectors/pcap/sharded-extract.ts) must write what one thread writes:
 * the same records, byte for byte, in the same order, with the same counters and warnings. Body sampling is
 * per shard, so exact equality is checked with every body analysed (or none); with sampling only the
 * `sensitive` tags may differ.
 */
const dir = mkdtempSync(join(tmpdir(), 'lantern-sharded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(file: string, workers: number, bodyAnalysis: BodyAnalysis = 'all'): Promise<{ lines: string[]; report: ExtractReport }> {
  const lines: string[] = [];
  const report = await extractCaptures([file], { fingerprintKey: 'shard-test', workers, shardMinBytes: 0, bodyAnalysis, emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  return { lines, report };
}

/** Records as JSON text without their sensitive-data tags (the one field per-shard body sampling may change). */
function withoutSensitive(lines: string[]): string[] {
  return lines.map((l) => {
    const { sensitive: _s, ...rest } = JSON.parse(l);
    return JSON.stringify(rest);
  });
}

/** Classic pcap records of a capture, to cut and shift. */
function records(capture: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= capture.length; ) {
    const len = capture.readUInt32LE(off + 8);
    out.push(capture.subarray(off, off + 16 + len));
    off += 16 + len;
  }
  return out;
}

function shifted(rec: Buffer, seconds: number): Buffer {
  const copy = Buffer.from(rec);
  copy.writeUInt32LE(copy.readUInt32LE(0) + seconds, 0);
  return copy;
}

/** Drops the server's data segments (port 8080, more than headers) from the last `share` of the records. */
function withoutLateResponses(recs: Buffer[], share: number): Buffer[] {
  const from = Math.floor(recs.length * (1 - share));
  return recs.filter((r, i) => i < from || !(r.readUInt16BE(16 + 14 + 20) === 8080 && r.length > 16 + 60));
}

/**
 * Two bursts of keep-alive traffic 300 s apart whose last responses the mirror lost, so requests pile up
 * unanswered on many connections: the second burst's first packet triggers an idle sweep that closes the
 * first burst's connections (writing their waiting requests, from every shard at that one packet), and the
 * end of the file flushes the second burst's. Both are where a naive merge gets the order wrong.
 */
function burstsCapture(): Buffer {
  const a = apiCaptureBuffer({ seed: 11, exchanges: 900, connections: 48, perConnection: 10_000 }).capture;
  const b = apiCaptureBuffer({ seed: 12, exchanges: 900, connections: 48, perConnection: 10_000 }).capture;
  const ra = withoutLateResponses(records(a).slice(0, Math.floor(records(a).length * 0.7)), 0.2);
  const rb = withoutLateResponses(records(b).slice(0, Math.floor(records(b).length * 0.7)), 0.2).map((r) => shifted(r, 300));
  return Buffer.concat([a.subarray(0, 24), ...ra, ...rb]);
}

describe('parallel extraction writes what one thread writes', () => {
  const fixtures = readdirSync(join(SHARED_FIXTURES, 'pcap'))
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .sort();

  test.each(fixtures)('%s', async (name) => {
    const file = join(SHARED_FIXTURES, 'pcap', name);
    const one = await run(file, 1);
    const two = await run(file, 2);
    expect(two.lines).toEqual(one.lines);
    expect(two.report).toEqual(one.report);
  });

  test('idle sweeps and the final flush interleave shards in single-thread order', async () => {
    const file = join(dir, 'bursts.pcap');
    writeFileSync(file, burstsCapture());
    const one = await run(file, 1);
    // The capture does what it is for: requests left without responses by the sweep and by the flush.
    const unanswered = one.lines.filter((l) => !l.includes('"status"'));
    expect(unanswered.length).toBeGreaterThan(40);
    for (const workers of [2, 3]) {
      const many = await run(file, workers);
      expect(many.lines.length).toBe(one.lines.length);
      expect(many.lines).toEqual(one.lines);
      expect(many.report).toEqual(one.report);
    }
    const none = [await run(file, 1, 'none'), await run(file, 3, 'none')];
    expect(none[1].lines).toEqual(none[0].lines);
  });

  test('what was malformed, by kind: counts summed over the shards, the first of each the earliest in any of them', async () => {
    // Every kind three times over, each on a flow of its own, so each shard has some of each kind (and shard 0 alone
    // counts the undecodable packets, which every shard decodes).
    const file = join(dir, 'malformed.pcapng');
    writeFileSync(file, withImpossibleTime(malformedCapture(3), 9));
    const one = await run(file, 1);
    expect(one.report.warnings.filter((w) => / malformed: /.test(w))).toEqual([
      `${file}: 34 malformed: 3 MPLS or PPPoE headers that do not decode (the first at packet 1); 3 IP headers that do not decode (the first at packet 2); ` +
        '3 IPv6 fragments that do not decode (the first at packet 3); 3 TCP headers under 20 bytes (the first at packet 4); ' +
        '3 VXLAN, GENEVE or GRE headers that do not decode (the first at packet 5); 3 HTTP heads that do not parse (the first at packet 17); ' +
        '3 runs of bytes that start no HTTP message where one should (the first at packet 31); 3 HTTP heads over 64 KiB (the first at packet 46); ' +
        '3 bad chunked-body lines (the first at packet 108); 3 HTTP heads ended by zero bytes, damage inside their records (the first at packet 123); ' +
        '3 h2c connections whose frames were lost track of (the first at packet 137); 1 packet with an impossible time, a damaged record header (at packet 9)',
    ]);
    for (const workers of [2, 3]) {
      const many = await run(file, workers);
      expect(many.lines).toEqual(one.lines);
      expect(many.report).toEqual(one.report);
    }
  });

  test('with body sampling only the sensitive-data tags may differ', async () => {
    const file = join(dir, 'sampled.pcap');
    writeFileSync(file, apiCaptureBuffer({ seed: 5, exchanges: 3000, connections: 64 }).capture);
    const one = await run(file, 1, 'sampled');
    const two = await run(file, 2, 'sampled');
    expect(withoutSensitive(two.lines)).toEqual(withoutSensitive(one.lines));
    expect(one.lines.some((l) => l.includes('"sensitive"'))).toBe(true);
    expect(two.report).toEqual(one.report);
  });

  test('a truncated capture: the same records before the damage and the same warning', async () => {
    const whole = apiCaptureBuffer({ seed: 7, exchanges: 400, connections: 16 }).capture;
    const file = join(dir, 'cut.pcap');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6) + 5));
    const one = await run(file, 1);
    const two = await run(file, 2);
    expect(one.report.warnings.some((w) => /file ends inside the record/.test(w))).toBe(true);
    expect(two.lines).toEqual(one.lines);
    expect(two.report).toEqual(one.report);
  });

  test('a record header damaged early in a large file: the shards pass over it to the next intact record as one thread does', async () => {
    const recs = records(apiCaptureBuffer({ seed: 8, exchanges: 12_000, connections: 32 }).capture);
    const at = 500;
    const bad = Buffer.from(recs[at]);
    bad.writeUInt32LE(0xffffff00, 8);
    const file = join(dir, 'damaged.pcap');
    writeFileSync(file, Buffer.concat([apiCaptureBuffer({ seed: 8, exchanges: 1 }).capture.subarray(0, 24), ...recs.slice(0, at), bad, ...recs.slice(at + 1)]));
    const one = await run(file, 1);
    const two = await run(file, 2);
    expect(one.report.warnings.some((w) => w.includes(`packet ${at + 1}: record length 4294967040 is corrupt; ${recs[at].length} damaged bytes skipped`))).toBe(true);
    expect(one.report.stats.packets).toBe(recs.length - 1);
    expect(two.lines).toEqual(one.lines);
    expect(two.report).toEqual(one.report);
  }, 30_000);

  test('a pcapng block damaged early in a large file: the shards pass over it to the next intact block as one thread does', async () => {
    const classic = join(dir, 'for-pcapng.pcap');
    writeFileSync(classic, apiCaptureBuffer({ seed: 8, exchanges: 12_000, connections: 32 }).capture);
    const file = join(dir, 'damaged.pcapng');
    const converted = spawnSync('editcap', ['-F', 'pcapng', classic, file], { encoding: 'utf8' });
    expect(converted.status, converted.stderr).toBe(0);
    const bytes = readFileSync(file);
    // Section header, interface description, then one enhanced packet block per packet: the 501st's length.
    let off = 0;
    for (let block = 0; block < 2 + 500; block++) off += bytes.readUInt32LE(off + 4);
    bytes.writeUInt32LE(7, off + 4);
    writeFileSync(file, bytes);
    const one = await run(file, 1);
    const two = await run(file, 2);
    expect(one.report.warnings.some((w) => /packet 501: pcapng block length 7 is corrupt; \d+ damaged bytes skipped/.test(w))).toBe(true);
    expect(one.report.stats.packets).toBe(records(readFileSync(classic)).length - 1);
    expect(two.lines).toEqual(one.lines);
    expect(two.report).toEqual(one.report);
  }, 30_000);
});

test('a stop request: every shard stops after the same block, with the records of the file cut at that packet', async () => {
  // Several times the input ring (8 × 1 MiB), so the request lands mid-file (after 9–13 MiB in trial runs).
  const capture = apiCaptureBuffer({ seed: 13, exchanges: 12_000, connections: 64 }).capture;
  expect(capture.length).toBeGreaterThan(40 << 20);
  const file = join(dir, 'stopped.pcap');
  writeFileSync(file, capture);
  const stop = new AbortController();
  const lines: string[] = [];
  const opts = { fingerprintKey: 'shard-test', workers: 2, shardMinBytes: 0, bodyAnalysis: 'all' as const };
  const report = await extractCaptures([file], { ...opts, signal: stop.signal, onProgress: () => stop.abort(), emitJson: (j) => lines.push(j) }, () => {
    throw new Error('the JSON lane is used');
  });
  const said = report.warnings.map((w) => /stopped on request after packet (\d+)/.exec(w)).find(Boolean);
  expect(said, report.warnings.join('\n')).toBeTruthy();
  const packets = Number(said![1]);
  const all = records(capture);
  expect(packets).toBeGreaterThan(0);
  expect(packets).toBeLessThan(all.length);
  const cutFile = join(dir, 'stopped-cut.pcap');
  writeFileSync(cutFile, Buffer.concat([capture.subarray(0, 24), ...all.slice(0, packets)]));
  const cut = await run(cutFile, 1);
  expect(lines.length).toBeGreaterThan(0);
  expect(lines.map((l) => l.replace('stopped-cut.pcap', 'stopped.pcap'))).toEqual(cut.lines.map((l) => l.replace('stopped-cut.pcap', 'stopped.pcap')));
});

describe('a failed run ends every worker', () => {
  // The workers left running are asked to end themselves, never terminated: Node 20 aborts the whole process when
  // terminate() catches a thread inside a zlib call (body sampling decodes gzip and brotli), as a full test run did.
  const terminate = vi.spyOn(Worker.prototype, 'terminate');
  afterEach(() => terminate.mockClear());
  afterAll(() => terminate.mockRestore());

  test('a shard that dies ends the run with an error instead of leaving the others waiting on the merge', async () => {
    const file = join(dir, 'dies.pcap');
    writeFileSync(file, apiCaptureBuffer({ seed: 9, exchanges: 6000, connections: 64 }).capture);
    const entry = new URL('../gen/pcap/failing-shard-worker.mjs', import.meta.url);
    let written = 0;
    // Two slabs: shard 0 fills them long before the end and then waits for shard 1, which never comes.
    const run = extractSharded([file], 2, { fingerprintKey: 'k', entry, slabs: 2 }, () => written++);
    await expect(run).rejects.toThrow(/shard 1 failed on purpose/);
    expect(written).toBe(0);
    expect(terminate).not.toHaveBeenCalled();
  }, 30_000);

  test('an exception in one shard\'s flows (a bug) ends the run with an error instead of a hang', async () => {
    // Shard 1 stops at its 300th packet while shard 0 goes on: shard 0 would wait for shard 1's records to merge and
    // the reader for shard 1 to release its blocks, forever.
    const file = join(dir, 'throws.pcap');
    writeFileSync(file, apiCaptureBuffer({ seed: 12, exchanges: 12_000, connections: 32 }).capture);
    expect(statSync(file).size).toBeGreaterThan(3 * RING_SLOTS * SLOT_BYTES);
    const entry = new URL('../gen/pcap/throwing-shard-worker.mjs', import.meta.url);
    await expect(extractSharded([file], 2, { fingerprintKey: 'k', entry }, () => undefined)).rejects.toThrow(/shard 1: packet 300: engine bug on purpose/);
    expect(terminate).not.toHaveBeenCalled();
  }, 30_000);

  test('a worker that does not end itself when asked (stuck in a loop) is terminated after the grace period', async () => {
    const file = join(dir, 'stuck.pcap');
    writeFileSync(file, apiCaptureBuffer({ seed: 9, exchanges: 2000, connections: 16 }).capture);
    const entry = new URL('../gen/pcap/stuck-shard-worker.mjs', import.meta.url);
    await expect(extractSharded([file], 2, { fingerprintKey: 'k', entry, stopGraceMs: 300 }, () => undefined)).rejects.toThrow(/shard 1 failed on purpose/);
    expect(terminate).toHaveBeenCalled();
  }, 30_000);
});

test('a gzip capture is not handed to workers: extractSharded refuses it, extract runs it on one thread', async () => {
  const file = join(dir, 'small.pcap.gz');
  writeFileSync(file, gzipSync(apiCaptureBuffer({ seed: 4, exchanges: 200, connections: 8 }).capture));
  await expect(extractSharded([file], 2, { fingerprintKey: 'k' }, () => undefined)).rejects.toThrow(/gzip capture is not split/);
  const one = await run(file, 1);
  const two = await run(file, 2);
  expect(one.lines.length).toBeGreaterThan(100);
  expect(two).toEqual(one);
});

test('the CLI runs its workers from the bundle: --workers 2 equals --workers 1', () => {
  const file = join(dir, 'cli.pcap');
  writeFileSync(file, burstsCapture());
  const bin = new URL('../../bin/lantern', import.meta.url).pathname;
  const env = { ...process.env, LANTERN_FINGERPRINT_KEY: 'cli-shard-test-key-0123', LANTERN_SHARD_MIN_BYTES: '0' };
  const out = (workers: string) => {
    const r = spawnSync(bin, ['extract', '--workers', workers, file], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).toBe(0);
    return { stdout: r.stdout, summary: r.stderr.replace(/elapsed [\d.]+s, [\d.]+ MB\/s/, '') };
  };
  const one = out('1');
  const two = out('2');
  const lines = (stdout: string) => stdout.trim().split('\n');
  expect(withoutSensitive(lines(two.stdout))).toEqual(withoutSensitive(lines(one.stdout)));
  expect(two.summary).toBe(one.summary);
  const bad = spawnSync(bin, ['extract', '--workers', 'zero', file], { env, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--workers wants a whole number/);
});
