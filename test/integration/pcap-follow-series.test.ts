import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ExtractReport } from '../../collectors/extract-types';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import type { Exchange } from '../../lib/exchange';
import { injectEngineBug } from '../gen/pcap/engine-bug';
import { apiCaptureBuffer } from '../gen/pcap/write-capture';

/**
 * `--follow` on a rotated capture directory carries each series' connections from one completed file to the next,
 * as `extract` does for a whole directory, and stays exactly-once across kills: a restart rebuilds the engine from
 * the last file it had read and writes nothing a killed run already wrote.
 */
const root = mkdtempSync(join(tmpdir(), 'lantern-follow-series-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PER_FILE = 700;
let capture: Buffer;
let names: string[];
/** The records of the files that are complete (all but the last, which the writer still has open), unrotated. */
let expected: Exchange[];

beforeAll(async () => {
  capture = apiCaptureBuffer({ seed: 21, exchanges: 3000, connections: 48, retransmitRate: 0.01, reorderRate: 0.01 }).capture;
  const probe = rotatedDir('probe');
  names = readdirSync(probe).sort();
  expect(names.length).toBeGreaterThan(10);
  const records: Buffer[] = [];
  for (let at = 24; at < capture.length; ) {
    const end = at + 16 + capture.readUInt32LE(at + 8);
    records.push(capture.subarray(at, end));
    at = end;
  }
  const complete = join(root, 'complete.pcap');
  writeFileSync(complete, Buffer.concat([capture.subarray(0, 24), ...records.slice(0, (names.length - 1) * PER_FILE)]));
  expected = [];
  await extractCaptures([complete], { fingerprintKey: 'follow-series', bodyAnalysis: 'none' }, (ex) => expected.push(roundTrip(ex)));
  expect(expected.length).toBeGreaterThan(2000);
});

/** The capture as tcpdump -C leaves it: files in name order, each modified after the one before. */
function rotatedDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const whole = join(root, `${name}.pcap`);
  writeFileSync(whole, capture);
  const split = spawnSync('editcap', ['-c', String(PER_FILE), whole, join(dir, 'trace.pcap')], { encoding: 'utf8' });
  expect(split.status, split.stderr).toBe(0);
  const files = readdirSync(dir).sort();
  const start = Date.now() / 1000 - 600;
  files.forEach((f, i) => utimesSync(join(dir, f), start + i, start + i));
  return dir;
}

const roundTrip = (ex: Exchange): Exchange => JSON.parse(JSON.stringify(ex));

/** A record as the unrotated capture numbers its source. */
function asInWhole(ex: Exchange): Exchange {
  const file = ex.source!.file.split('/').pop()!;
  const index = names.indexOf(file);
  expect(index, file).toBeGreaterThanOrEqual(0);
  return { ...ex, source: { file: join(root, 'complete.pcap'), packet: index * PER_FILE + ex.source!.packet! } };
}

interface FollowRun {
  records: Exchange[];
  report?: ExtractReport;
  error?: Error;
}

/** How a run dies (as if killed): at a checkpoint write, or when the first record after the `afterDone`-th file's checkpoint comes. */
type Death = { atSave: number } | { afterDone: number };

/**
 * Follows `dir` in this process until `files` files are recorded as done, then stops as on SIGTERM. A run that dies
 * writes nothing more, and every checkpoint write from then on throws, which ends it.
 */
async function follow(dir: string, state: string, out: number | undefined, die?: Death, files = names.length - 1): Promise<FollowRun> {
  const controller = new AbortController();
  const records: Exchange[] = [];
  let saves = 0;
  let dead = false;
  let armed = false;
  const saveState = async (file: string, content: string) => {
    if (die && 'atSave' in die && ++saves === die.atSave) dead = true;
    if (dead) throw new Error('killed');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    const done = Object.keys(JSON.parse(content).done).length;
    if (die && 'afterDone' in die && done === die.afterDone) armed = true;
    if (done === files) controller.abort();
  };
  const sink = (ex: Exchange) => {
    if (armed) dead = true;
    if (dead) return;
    records.push(roundTrip(ex));
    if (out !== undefined) writeSync(out, `${JSON.stringify(ex)}\n`);
  };
  const opts = { follow: true, stateDir: state, fingerprintKey: 'follow-series', bodyAnalysis: 'none' as const, signal: controller.signal, saveState, outputFd: out, flushOutput: async () => {} };
  try {
    return { records, report: await extractCaptures([dir], opts, sink) };
  } catch (err) {
    return { records, error: err as Error };
  }
}

/** Written records, one per line, as a follower run leaves the output file. */
function writtenTo(file: string): Exchange[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
}

test('--follow answers a request in one rotated file from the next: the records of the unrotated capture', async () => {
  const run = await follow(rotatedDir('carry'), join(root, 'carry-state'), undefined);
  expect(run.error).toBeUndefined();
  expect(run.records.map(asInWhole)).toEqual(expected);
  expect(run.report!.stats.files).toBe(names.length - 1);
});

test('killed as the next file is opened, a restart rebuilds the engine from the last file read: its pending requests are answered', async () => {
  const dir = rotatedDir('killed');
  const state = join(root, 'killed-state');
  const outFile = join(root, 'killed.jsonl');
  const out = openSync(outFile, 'a');
  try {
    // Dies at the first record after the 6th file's checkpoint: the requests still open at its end are written by
    // nobody unless the restart reads the 6th file again to know them.
    const first = await follow(dir, state, out, { afterDone: 6 });
    expect(first.error?.message).toBe('killed');
    expect(first.records.length).toBeGreaterThan(0);
    const second = await follow(dir, state, out);
    expect(second.error).toBeUndefined();
  } finally {
    closeSync(out);
  }
  expect(writtenTo(outFile).map(asInWhole)).toEqual(expected);
});

test('killed after writing a file but before its checkpoint: the restart writes none of those records again', async () => {
  for (const gone of [false, true]) {
    const name = gone ? 'gone' : 'unsaved';
    const dir = rotatedDir(name);
    const state = join(root, `${name}-state`);
    const outFile = join(root, `${name}.jsonl`);
    const out = openSync(outFile, 'a');
    try {
      // Saves: the output mark at the start, then one per file: the 7th file's records are written, its checkpoint is not.
      const first = await follow(dir, state, out, { atSave: 8 });
      expect(first.error?.message).toBe('killed');
      // Also with the 6th file (the last recorded done) rotated away: the engine cannot be rebuilt, the 7th is read
      // afresh and pairs fewer responses, so the records it makes again are known by identity, not by count.
      if (gone) rmSync(join(dir, names[5]));
      const second = await follow(dir, state, out, undefined, names.length - (gone ? 2 : 1));
      expect(second.error).toBeUndefined();
      expect(second.report!.warnings.join('\n')).toMatch(/resumed: \d+ exchanges already written/);
    } finally {
      closeSync(out);
    }
    expect(writtenTo(outFile).map(asInWhole), name).toEqual(expected);
  }
});

test('a series whose files are all deleted writes what it held at once, not only at the stop', async () => {
  const dir = rotatedDir('deleted');
  const controller = new AbortController();
  const records: Exchange[] = [];
  let atRelease = -1;
  const saveState = async (file: string, content: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    const state = JSON.parse(content);
    if (Object.keys(state.done).length === names.length - 1) for (const f of readdirSync(dir)) rmSync(join(dir, f));
    if (atRelease === -1 && Object.keys(state.done).length === 0 && Object.keys(state.carry ?? {}).length === 0 && records.length > 0) {
      atRelease = records.length;
      controller.abort();
    }
  };
  const opts = { follow: true, stateDir: join(root, 'deleted-state'), fingerprintKey: 'follow-series', bodyAnalysis: 'none' as const, signal: controller.signal, saveState };
  await extractCaptures([dir], opts, (ex) => records.push(roundTrip(ex)));
  expect(atRelease).toBe(expected.length);
  expect(records.map(asInWhole)).toEqual(expected);
});

test('an exception in one file (a bug) ends it as damage would; the series goes on with a new engine, not the broken one', async () => {
  const dir = rotatedDir('thrown');
  // The 2nd file's 100th packet throws once.
  const undo = injectEngineBug(PER_FILE + 99);
  let run: FollowRun;
  try {
    run = await follow(dir, join(root, 'thrown-state'), undefined);
  } finally {
    undo();
  }
  expect(run.report!.warnings.some((w) => w.startsWith(`${join(dir, names[1])}: packet 100: engine bug on purpose;`))).toBe(true);
  // From the 3rd file on, what those files give read on their own (the last, still open, is not read by --follow).
  const rest = join(root, 'thrown-rest');
  mkdirSync(rest);
  for (const f of names.slice(2, -1)) copyFileSync(join(dir, f), join(rest, f));
  const alone: Exchange[] = [];
  const aloneReport = await extractCaptures([rest], { fingerprintKey: 'follow-series', bodyAnalysis: 'none' }, (ex) => alone.push(roundTrip(ex)));
  const later = (records: Exchange[]) => records.filter((e) => names.indexOf(basename(e.source!.file)) >= 2).map((e) => ({ ...e, source: { ...e.source!, file: basename(e.source!.file) } }));
  expect(later(alone).length).toBeGreaterThan(1000);
  expect(later(run!.records)).toEqual(later(alone));
  const laterWarnings = (r: ExtractReport) => r.warnings.filter((w) => names.slice(2).some((f) => w.includes(f))).map((w) => basename(w));
  expect(laterWarnings(run!.report!)).toEqual(laterWarnings(aloneReport));
}, 30_000);
