import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { CaptureFile } from './capture-files';
import { completedCaptures, followPlan, type FileIdentity } from './rotation';

const file = (name: string, mtimeMs: number, size = 100): CaptureFile => ({ name, path: `/d/${name}`, size, mtimeMs });
const names = (files: CaptureFile[]) => files.map((f) => f.name);

describe('completedCaptures', () => {
  test('tcpdump -C: every file but the one written last, the unnumbered first one included', () => {
    expect(names(completedCaptures([file('r.pcap', 1), file('r.pcap1', 2), file('r.pcap10', 11), file('r.pcap2', 3)]))).toEqual(['r.pcap', 'r.pcap1', 'r.pcap2']);
  });

  test('a ring that wrapped (tcpdump -C -W 4): the open file is the one written last, not the last name', () => {
    const files = [file('r.pcap0', 50), file('r.pcap1', 20), file('r.pcap2', 30), file('r.pcap3', 40)];
    expect(names(completedCaptures(files))).toEqual(['r.pcap1', 'r.pcap2', 'r.pcap3']);
  });

  test('files written in the same tick as the newest may be the open one: all wait', () => {
    expect(names(completedCaptures([file('r.pcap0', 40), file('r.pcap3', 40), file('r.pcap2', 30)]))).toEqual(['r.pcap2']);
  });

  test('two writers in one directory each keep their open file; dumpcap and strftime names are series too', () => {
    const files = [file('a-1.pcap', 1), file('a-2.pcap', 5), file('b-1.pcap', 2), file('b-2.pcap', 3), file('cap_00001_20261204113635.pcapng', 1), file('cap_00002_20261204113637.pcapng', 2)];
    expect(names(completedCaptures(files))).toEqual(['a-1.pcap', 'cap_00001_20261204113635.pcapng', 'b-1.pcap']);
  });
});

describe('followPlan', () => {
  test('a file being compressed is left alone; its compressed copy is known for the file already read', () => {
    const done: Record<string, FileIdentity> = { 'r.pcap': { size: 100, mtimeMs: 1 } };
    // gzip under way: both exist.
    expect(followPlan([file('r.pcap', 1), file('r.pcap.gz', 4, 10), file('r.pcap1', 2), file('r.pcap2', 5)], done)).toEqual({ read: [file('r.pcap1', 2)], compressed: [], gone: [] });
    // gzip done: the copy carries the original's time.
    expect(followPlan([file('r.pcap.gz', 1, 10), file('r.pcap2', 5)], done)).toEqual({ read: [], compressed: [file('r.pcap.gz', 1, 10)], gone: [] });
    // A compressed file never seen uncompressed (compressed before it was read) is read.
    expect(followPlan([file('r.pcap1.gz', 2, 10), file('r.pcap2', 5)], done).read).toEqual([file('r.pcap1.gz', 2, 10)]);
  });

  test('a reused name with other content is read again; names that are gone are forgotten', () => {
    const done: Record<string, FileIdentity> = { 'r.pcap0': { size: 100, mtimeMs: 1 }, 'r.pcap1': { size: 100, mtimeMs: 2 }, 'old.pcap': { size: 1, mtimeMs: 0 } };
    const plan = followPlan([file('r.pcap0', 5), file('r.pcap1', 2), file('r.pcap2', 3)], done);
    expect(names(plan.read)).toEqual(['r.pcap2']);
    expect(plan.gone).toEqual(['old.pcap']);
    expect(names(followPlan([file('r.pcap0', 5, 200), file('r.pcap1', 6)], done).read)).toEqual(['r.pcap0']);
  });
});

/**
 * A model of a capture writer (tcpdump -C with or without a ring of -W files, with or without -z gzip, file
 * times that can tie) and a follower that lists the directory at random moments and reads what followPlan says.
 * Whatever the interleaving: nothing is read while it is being written or compressed, nothing twice, and every
 * file that was complete when the follower looked (and still there) has been read.
 */
test('property: a follower never reads an open or half-compressed file, never reads one twice, misses none it saw complete', () => {
  type Entry = { content: number; mtimeMs: number; size: number; state: 'open' | 'closed' | 'compressing' };
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4 }), fc.boolean(), fc.array(fc.constantFrom('write', 'rotate', 'gzip-step', 'poll', 'tick'), { maxLength: 120 }), (ring, gzip, steps) => {
      const dir = new Map<string, Entry>();
      const done: Record<string, FileIdentity> = {};
      const readCount = new Map<number, number>();
      let now = 1;
      let seq = 0;
      let contents = 0;
      const nameOf = (n: number) => (ring > 0 ? `r.pcap${n % ring}` : n === 0 ? 'r.pcap' : `r.pcap${n}`);
      const open = () => dir.set(nameOf(seq), { content: ++contents, mtimeMs: now, size: 24, state: 'open' });
      const compressing: string[] = [];
      open();
      const poll = () => {
        const files = [...dir].map(([name, e]) => file(name, e.mtimeMs, e.size));
        const plan = followPlan(files, done);
        for (const f of plan.compressed) done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        for (const n of plan.gone) delete done[n];
        for (const f of plan.read) {
          const e = dir.get(f.name)!;
          expect(e.state, f.name).toBe('closed');
          readCount.set(e.content, (readCount.get(e.content) ?? 0) + 1);
          done[f.name] = { size: f.size, mtimeMs: f.mtimeMs };
        }
        // Every closed file present now has been read (or is a compressed copy of one that was), unless it was
        // written in the same tick as the open file (then it waits for the next write; a compression under way does not count).
        const newest = Math.max(...[...dir.values()].filter((e) => e.state !== 'compressing').map((e) => e.mtimeMs));
        for (const [, e] of dir) if (e.state === 'closed' && e.mtimeMs < newest) expect(readCount.get(e.content), `content ${e.content}`).toBe(1);
      };
      for (const step of steps) {
        if (step === 'tick') now++;
        else if (step === 'write') {
          const e = dir.get(nameOf(seq))!;
          e.size += 10;
          e.mtimeMs = now;
        } else if (step === 'rotate') {
          const closing = nameOf(seq);
          dir.get(closing)!.state = 'closed';
          seq++;
          // A ring reuses the name: the old content (read or not) is overwritten, as tcpdump does. gzip in a ring
          // refuses to overwrite an existing .gz, so the model only compresses without a ring.
          if (ring > 0) dir.delete(`${nameOf(seq)}.gz`);
          open();
          if (gzip && ring === 0) compressing.push(closing);
        } else if (step === 'gzip-step' && compressing.length > 0) {
          const name = compressing[0];
          const plain = dir.get(name)!;
          const gz = dir.get(`${name}.gz`);
          if (!gz) {
            plain.state = 'compressing';
            dir.set(`${name}.gz`, { content: plain.content, mtimeMs: now, size: 1, state: 'compressing' });
          } else {
            // gzip gives the copy the original's time, then removes the original.
            dir.set(`${name}.gz`, { content: plain.content, mtimeMs: plain.mtimeMs, size: 10, state: 'closed' });
            dir.delete(name);
            compressing.shift();
          }
        } else if (step === 'poll') poll();
      }
      poll();
      for (const [content, n] of readCount) expect(n, `content ${content}`).toBe(1);
    }),
    { numRuns: 2000 },
  );
});
