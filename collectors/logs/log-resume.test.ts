import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, test } from 'vitest';
import { CheckpointStore } from './checkpoint-store';
import { prepareLogResume } from './log-resume';

const root = mkdtempSync(join(tmpdir(), 'lantern-log-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const logRecord = (n: number) => `${JSON.stringify({ method: 'GET', path: `/seq/${n}`, source: { file: '/var/log/nginx/access.log', line: n } })}\n`;
const exchangeRecord = (n: number) => `${JSON.stringify({ method: 'GET', path: `/ex/${n}`, source: { file: 'old.log', line: n } })}\n`;
const captureRecord = (n: number) => `${JSON.stringify({ method: 'GET', path: `/cap/${n}`, source: { file: 'trace0.pcap', packet: n } })}\n`;

/** A checkpoint of `log` after `lineNo` lines (one byte each, as far as these tests read). */
function checkpoint(log: string, lineNo: number) {
  const st = statSync(log, { bigint: true });
  return { path: log, dev: String(st.dev), ino: String(st.ino), fingerprint: 'f', fingerprintLength: 0, offset: lineNo, lineNo };
}

/** One run of a log follower into `out` (opened for appending, as `>>` does): what it owes, and its marks. */
async function run(out: string, stateDir: string, body: (resume: Awaited<ReturnType<typeof prepareLogResume>>) => Promise<void>) {
  const fd = openSync(out, 'a');
  try {
    const resume = await prepareLogResume({ stateDir, outputFd: fd }, ['/var/log/nginx'], []);
    const owed = resume.skip;
    await body(resume);
    return owed;
  } finally {
    closeSync(fd);
  }
}

test('a kill between the exchange files and the first log record: the restart counts none of them as its own', async () => {
  const out = join(root, 'between.jsonl');
  const stateDir = join(root, 'between');
  writeFileSync(out, '');
  await run(out, stateDir, async (resume) => {
    await resume.othersWriteNext();
    appendFileSync(out, [1, 2, 3].map(exchangeRecord).join(''));
    await resume.settle();
    appendFileSync(out, [1, 2].map(logRecord).join(''));
    await resume.store.save(resume.mark());
  });
  // The restart writes the exchange file again, and is killed before its settle: the follower wrote nothing yet.
  expect(
    await run(out, stateDir, async (resume) => {
      await resume.othersWriteNext();
      appendFileSync(out, [1, 2, 3].map(exchangeRecord).join(''));
    }),
  ).toBe(0);
  expect(await run(out, stateDir, async () => {})).toBe(0);
});

test('records past the mark: the follower\'s own are owed, a capture follower\'s are not, and what is owed outlasts a kill before they are made again', async () => {
  const out = join(root, 'owed.jsonl');
  const stateDir = join(root, 'owed');
  writeFileSync(out, logRecord(0));
  await run(out, stateDir, async (resume) => {
    await resume.settle();
    // Flushed, then killed before the checkpoint that covers them; a capture follower writes in between; a torn record.
    appendFileSync(out, logRecord(1) + captureRecord(1) + logRecord(2) + logRecord(3).slice(0, 20));
  });
  // Counted at the start, before the exchange files; the torn record is cut before they are appended to it.
  let owed = await run(out, stateDir, async (resume) => {
    await resume.othersWriteNext();
    appendFileSync(out, exchangeRecord(1));
    await resume.settle();
    // Killed before making the two records again: still owed, by the mark.
  });
  expect(owed).toBe(2);
  expect(readFileSync(out, 'utf8')).toBe(logRecord(0) + logRecord(1) + captureRecord(1) + logRecord(2) + exchangeRecord(1));
  owed = await run(out, stateDir, async (resume) => {
    await resume.settle();
    // Made again and dropped; then the checkpoint covering their lines.
    expect([1, 2].map(() => resume.alreadyWritten('/var/log/nginx/access.log'))).toEqual([true, true]);
    appendFileSync(out, logRecord(3));
    await resume.store.save(resume.mark());
  });
  expect(owed).toBe(2);
  expect(await run(out, stateDir, async () => {})).toBe(0);
});

test('a state from before 6 Dec (a mark without what is owed) is read as it was: its records past the mark are counted', async () => {
  const out = join(root, 'old-state.jsonl');
  const stateDir = join(root, 'old-state');
  writeFileSync(out, logRecord(0));
  const fd = openSync(out, 'a');
  const mark = await prepareLogResume({ stateDir, outputFd: fd }, ['/var/log/nginx'], []).then((r) => r.mark()!);
  closeSync(fd);
  const old = new CheckpointStore(stateDir, ['/var/log/nginx']);
  await old.save({ dev: mark.dev, ino: mark.ino, size: mark.size });
  appendFileSync(out, logRecord(1) + logRecord(2));
  expect(await run(out, stateDir, async () => {})).toBe(2);
});

test("another set's records past its mark are owed only where they come from a log this set follows", async () => {
  const dir = join(root, 'sets');
  const stateDir = join(dir, 'state');
  const [a, b, out] = ['a.log', 'b.log', 'out.jsonl'].map((n) => join(root, `sets-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(b, 'b\n');
  writeFileSync(out, '');
  const record = (file: string, n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file, line: n } })}\n`;
  const start = async (keyedBy: string[], body?: (resume: Awaited<ReturnType<typeof prepareLogResume>>) => Promise<void>) => {
    const fd = openSync(out, 'a');
    try {
      const resume = await prepareLogResume({ stateDir, outputFd: fd }, keyedBy, []);
      await body?.(resume);
      return resume.skip;
    } finally {
      closeSync(fd);
    }
  };
  // `extract --follow a.log` settles, writes three records and is killed before the checkpoint covering them.
  await start([a], async (resume) => {
    await resume.settle();
    appendFileSync(out, record(a, 1) + record(a, 2) + record(a, 3));
  });
  // Restarted on b.log alone: none of a.log's records is made again; until 7 Dec three of b.log's were dropped.
  expect(await start([b])).toBe(0);
  // On both: a.log resumes from a.log's checkpoint, its three are made again.
  expect(await start([b, a])).toBe(3);
});

test("another set's records of a log rotated away since are owed where this set follows the log's name", async () => {
  const stateDir = join(root, 'rotated-state');
  const [a, b, out] = ['a.log', 'b.log', 'out.jsonl'].map((n) => join(root, `rotated-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(b, 'b\n');
  writeFileSync(out, '');
  const record = (n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file: a, line: n } })}\n`;
  const fd = openSync(out, 'a');
  try {
    const first = await prepareLogResume({ stateDir, outputFd: fd }, [a], []);
    const st = statSync(a, { bigint: true });
    first.store.set({ path: a, dev: String(st.dev), ino: String(st.ino), fingerprint: 'f', fingerprintLength: 2, offset: 2, lineNo: 1 });
    await first.settle();
    appendFileSync(out, record(2) + record(3));
    // Killed; then a.log rotated (a.log.1) and a new a.log begun: the tail of a.log finishes the old file first.
    renameSync(a, `${a}.1`);
    writeFileSync(a, '');
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [b, a], [])).skip).toBe(2);
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [b], [])).skip).toBe(0);
  } finally {
    closeSync(fd);
  }
});

test('records another extract appended after the last mark, of a log the follower does not follow, are not its own', async () => {
  const stateDir = join(root, 'appended-state');
  const [a, c, out] = ['a.log', 'c.log', 'out.jsonl'].map((n) => join(root, `appended-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(out, '');
  const record = (file: string, n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file, line: n } })}\n`;
  const fd = openSync(out, 'a');
  try {
    await (await prepareLogResume({ stateDir, outputFd: fd }, [a], [])).settle();
    // Stopped; `lantern extract c.log >> out` meanwhile. Until 7 Dec the restart dropped three of a.log's new records.
    appendFileSync(out, record(c, 1) + record(c, 2) + record(c, 3));
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [a], [])).skip).toBe(0);
    // Nor by a set that follows a.log and saved no mark since (`a.log c.log`, new): it resumes from a.log's checkpoint.
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [a, join(root, 'carried-paid-c.log')], [])).skip).toBe(0);
  } finally {
    closeSync(fd);
  }
});

test("records another set's mark still owes are owed here only for the logs this set follows", async () => {
  const stateDir = join(root, 'owed-by-log-state');
  const [a, b, out] = ['a.log', 'b.log', 'out.jsonl'].map((n) => join(root, `owed-by-log-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(b, 'b\n');
  writeFileSync(out, '');
  const record = (n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file: a, line: n } })}\n`;
  const fd = openSync(out, 'a');
  try {
    // `extract --follow a.log` killed with two of a.log's records past its mark; restarted, and killed again before
    // making them: its mark now owes them.
    await (await prepareLogResume({ stateDir, outputFd: fd }, [a], [])).settle();
    appendFileSync(out, record(1) + record(2));
    const again = await prepareLogResume({ stateDir, outputFd: fd }, [a], []);
    await again.settle();
    expect(again.mark()).toMatchObject({ aheadBy: { [`${statSync(a).dev}:${statSync(a).ino}`]: 2 } });
    // Restarted on b.log alone: none of them is made again, none is paid by b.log's records.
    const other = await prepareLogResume({ stateDir, outputFd: fd }, [b], []);
    expect([other.skip, other.alreadyWritten(b)]).toEqual([0, false]);
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [a], [])).skip).toBe(2);
  } finally {
    closeSync(fd);
  }
});

test("another set's marks carry what this one owes: a.log's records written twice when b.log's follower ran between its kill and its restart", async () => {
  const stateDir = join(root, 'carried-state');
  const [a, b, out] = ['a.log', 'b.log', 'out.jsonl'].map((n) => join(root, `carried-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(b, 'b\n');
  writeFileSync(out, '');
  const record = (file: string, n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file, line: n } })}\n`;
  const fd = openSync(out, 'a');
  const followA = async () => {
    const resume = await prepareLogResume({ stateDir, outputFd: fd }, [a], []);
    const st = statSync(a, { bigint: true });
    if (!resume.store.get(String(st.dev), String(st.ino))) resume.store.set(checkpoint(a, 2));
    await resume.settle();
    return resume;
  };
  const followB = async () => {
    const resume = await prepareLogResume({ stateDir, outputFd: fd }, [b], []);
    await resume.settle();
    appendFileSync(out, record(b, 1));
    await resume.store.save(resume.mark());
    return resume.skip;
  };
  try {
    // `extract --follow a.log` killed with two of a.log's records past its mark; `extract --follow b.log` into the same
    // output meanwhile, its marks past them. Until 7 Dec a.log's restart resumed from b.log's mark and owed nothing.
    await followA();
    appendFileSync(out, record(a, 2) + record(a, 3));
    expect(await followB()).toBe(0);
    const again = await followA();
    expect(again.skip).toBe(2);
    // Killed again before making them: now owed in a.log's mark; b.log's follower runs again, and so on.
    expect(await followB()).toBe(0);
    const third = await followA();
    expect([third.skip, third.alreadyWritten(a), third.alreadyWritten(a), third.alreadyWritten(a)]).toEqual([2, true, true, false]);
    third.store.set(checkpoint(a, 4));
    await third.store.save(third.mark());
    // Paid: neither set owes them any more.
    expect(await followB()).toBe(0);
    expect((await followA()).skip).toBe(0);
  } finally {
    closeSync(fd);
  }
});

test("what another set's mark carries is dropped once this set resumed since: paid, it is not owed again", async () => {
  const stateDir = join(root, 'carried-paid-state');
  const [a, b, out] = ['a.log', 'b.log', 'out.jsonl'].map((n) => join(root, `carried-paid-${n}`));
  writeFileSync(a, 'a\n');
  writeFileSync(b, 'b\n');
  writeFileSync(out, '');
  const record = (file: string, n: number) => `${JSON.stringify({ method: 'GET', path: `/n/${n}`, source: { file, line: n } })}\n`;
  const fd = openSync(out, 'a');
  const start = async (log: string) => {
    const resume = await prepareLogResume({ stateDir, outputFd: fd }, [log], []);
    const st = statSync(log, { bigint: true });
    if (!resume.store.get(String(st.dev), String(st.ino))) resume.store.set(checkpoint(log, 2));
    await resume.settle();
    return resume;
  };
  try {
    await start(a);
    appendFileSync(out, record(a, 2) + record(a, 3));
    // b.log's follower starts while a.log's is down, and runs on.
    const b1 = await start(b);
    // a.log's restarts beside it, makes its two again (dropped) and writes on.
    const a2 = await start(a);
    expect([a2.skip, a2.alreadyWritten(a), a2.alreadyWritten(a)]).toEqual([2, true, true]);
    appendFileSync(out, record(a, 4));
    a2.store.set(checkpoint(a, 5));
    await a2.store.save(a2.mark());
    // b.log's saves a checkpoint later (on a clock past a.log's save), its mark still carrying what a.log's owed at
    // its start.
    await sleep(5);
    appendFileSync(out, record(b, 1));
    await b1.store.save(b1.mark());
    expect(b1.mark()).toMatchObject({ carried: { [`${statSync(a).dev}:${statSync(a).ino}`]: { ahead: 2 } } });
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [a], [])).skip).toBe(0);
    // Nor by a set that follows a.log and saved no mark since (`a.log c.log`, new): it resumes from a.log's checkpoint.
    expect((await prepareLogResume({ stateDir, outputFd: fd }, [a, join(root, 'carried-paid-c.log')], [])).skip).toBe(0);
  } finally {
    closeSync(fd);
  }
});
