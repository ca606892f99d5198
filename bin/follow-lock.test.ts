import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { lockFollowedInputs } from './follow-lock';

const stateDir = () => mkdtempSync(join(tmpdir(), 'lantern-follow-lock-'));
const lockFile = (dir: string) => join(dir, readdirSync(dir).find((n) => n.endsWith('.lock'))!);

test('a second lock of the same inputs names the holder; the same inputs in another order are the same', async () => {
  const dir = stateDir();
  const first = await lockFollowedInputs(dir, ['a.log', 'b.log']);
  expect('release' in first).toBe(true);
  // The holder is another process as far as the lock can tell: this one's pid would be a run before it.
  const lock = lockFile(dir);
  writeFileSync(lock, JSON.stringify({ pid: process.ppid }));
  expect(await lockFollowedInputs(dir, ['b.log', 'a.log'])).toEqual({ heldBy: process.ppid });
  expect('release' in (await lockFollowedInputs(dir, ['c.log']))).toBe(true);
});

test('the same log named through a symlink is the same inputs', async () => {
  const dir = stateDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  symlinkSync(log, join(dir, 'current'));
  await lockFollowedInputs(dir, [log]);
  writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid }));
  expect(await lockFollowedInputs(dir, [join(dir, 'current')])).toEqual({ heldBy: process.ppid });
});

test('a lock left by a run that died, or by a pid another process has now, is taken over; release removes it', async () => {
  const dir = stateDir();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  await lockFollowedInputs(dir, ['a.log']);
  const lock = lockFile(dir);
  writeFileSync(lock, JSON.stringify({ pid: Number(dead) }));
  const second = await lockFollowedInputs(dir, ['a.log']);
  expect('release' in second).toBe(true);
  writeFileSync(lock, JSON.stringify({ pid: process.ppid, started: 'not-its-start' }));
  const third = await lockFollowedInputs(dir, ['a.log']);
  if (!('release' in third)) throw new Error(`not taken over: ${JSON.stringify(third)}`);
  await third.release();
  expect(existsSync(lock)).toBe(false);
});

test('a state directory under /proc fails at once, as every other directory Lantern makes does', async () => {
  // Until this mend the lock made its directory with mkdir's `recursive`, which never returns there (node 20): the
  // test's own timeout was the end of it.
  await expect(lockFollowedInputs('/proc/lantern-follow-lock/state', ['a.log'])).rejects.toThrow(/\/proc/);
}, 20_000);

test('a directory and a log in it, or sets sharing a log, are the same inputs: the second lock names the holder', async () => {
  // Until 6 Dec the lock was the set's alone: `--follow logs/` beside `--follow logs/access.log` (or `a.log b.log`
  // beside `a.log`) ran together, each from its own checkpoints, and each counted every new line.
  const dir = stateDir();
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'access.log'), '');
  // Held by another process, as far as the lock can tell (its start time left out: this process's would not be its).
  const holdAs = (path: string) => writeFileSync(path, JSON.stringify({ inputs: (JSON.parse(readFileSync(path, 'utf8')) as { inputs: unknown }).inputs, pid: process.ppid }));
  await lockFollowedInputs(dir, [logs]);
  holdAs(lockFile(dir));
  expect(await lockFollowedInputs(dir, [join(logs, 'access.log')])).toEqual({ heldBy: process.ppid });
  expect(await lockFollowedInputs(dir, [join(dir, 'other.log'), join(logs, 'access.log')])).toEqual({ heldBy: process.ppid });
  expect('release' in (await lockFollowedInputs(dir, [join(dir, 'other.log')]))).toBe(true);
  // A directory's subdirectories are not read: the one holding logs/ is other inputs.
  expect('release' in (await lockFollowedInputs(dir, [dir]))).toBe(true);

  const second = stateDir();
  await lockFollowedInputs(second, [join(second, 'a.log'), join(second, 'b.log')]);
  holdAs(lockFile(second));
  expect(await lockFollowedInputs(second, [join(second, 'b.log')])).toEqual({ heldBy: process.ppid });
  expect(await lockFollowedInputs(second, [second])).toEqual({ heldBy: process.ppid });
});

test('locks are taken one run at a time: while a live run holds the guard, none is taken; a dead run\'s guard is taken over', async () => {
  // Until 6 Dec two overlapping runs starting at the same instant each took its own lock, then each saw the other's,
  // and both refused (and two taking over one dead run's lock could both run).
  const dir = stateDir();
  const guard = join(dir, 'follow-locks.guard');
  writeFileSync(guard, JSON.stringify({ pid: process.ppid }));
  let taken = false;
  const taking = lockFollowedInputs(dir, [join(dir, 'a.log')]).then((lock) => ((taken = true), lock));
  await new Promise((r) => setTimeout(r, 300));
  expect({ taken, locks: readdirSync(dir).filter((n) => n.endsWith('.lock')) }).toEqual({ taken: false, locks: [] });
  rmSync(guard);
  expect('release' in (await taking)).toBe(true);
  expect(existsSync(guard)).toBe(false);

  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(guard, JSON.stringify({ pid: Number(dead) }));
  expect('release' in (await lockFollowedInputs(dir, [join(dir, 'b.log')]))).toBe(true);
  expect(existsSync(guard)).toBe(false);
});

test('two runs of overlapping inputs taking their locks at the same instant: one runs, the other refuses', { timeout: 60_000 }, async () => {
  const dir = stateDir();
  const run = (inputs: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'follow-lock-race.fixture.ts'), dir, ...inputs], { stdio: ['pipe', 'pipe', 'inherit'] });
    let said = '';
    child.stdout.on('data', (d: Buffer) => (said += d.toString()));
    const decided = new Promise<string>((resolve) => child.stdout.once('data', () => setImmediate(() => resolve(said))));
    return { child, decided };
  };
  const runs = [run([join(dir, 'a.log')]), run([join(dir, 'a.log'), join(dir, 'b.log')])];
  const said = await Promise.all(runs.map((r) => r.decided));
  for (const r of runs) r.child.stdin.end();
  expect(said.sort()).toEqual(['refuses', 'runs']);
});

test("an extract look beside an inventory's follower of the same inputs runs: their checkpoints are apart; two of a kind still refuse", async () => {
  // Until 7 Dec `extract --follow logs/access.log`, a look at what a running `push --follow logs/` reads, was refused as
  // if it would count every line twice; extract's checkpoints are its own (collectors/logs/checkpoint-store.ts).
  const dir = stateDir();
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const log = join(logs, 'access.log');
  writeFileSync(log, '');
  // Held by another process of this release: its lock as written, the pid another's (its start time left out).
  const holdAs = (path: string) => writeFileSync(path, JSON.stringify({ ...(JSON.parse(readFileSync(path, 'utf8')) as object), started: undefined, pid: process.ppid }));
  await lockFollowedInputs(dir, [logs]);
  holdAs(lockFile(dir));
  const look = await lockFollowedInputs(dir, [log], 'extract');
  if (!('release' in look)) throw new Error(`the look was refused: ${JSON.stringify(look)}`);
  const lookLock = join(dir, readdirSync(dir).find((n) => n.startsWith('extract-') && n.endsWith('.lock'))!);
  holdAs(lookLock);
  expect(await lockFollowedInputs(dir, [logs], 'extract')).toEqual({ heldBy: process.ppid });
  expect(await lockFollowedInputs(dir, [log])).toEqual({ heldBy: process.ppid });
});

test('an extract --follow started before the upgrade (its lock follow-*.lock, no owner in it) still refuses a new extract of its inputs', async () => {
  // Until this mend the new extract looked only at extract-follow-*.lock: beside a follower still running from before
  // 7 Dec both ran, on one output, each writing every new line.
  const dir = stateDir();
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  // What the previous release writes: the lock of an inventory's name, holder and inputs, no owner.
  writeFileSync(join(dir, 'follow-0123456789abcdef.lock'), JSON.stringify({ pid: process.ppid, inputs: [log] }));
  expect(await lockFollowedInputs(dir, [log], 'extract')).toEqual({ heldBy: process.ppid });
  expect(await lockFollowedInputs(dir, [join(dir, 'other.log')], 'extract')).toHaveProperty('release');
  // One from before 6 Dec named no inputs: its name is the same inputs' own.
  const own = (await readdir(dir)).find((n) => n.startsWith('extract-follow-'))!.slice('extract-'.length);
  writeFileSync(join(dir, 'follow-0123456789abcdef.lock'), JSON.stringify({ pid: process.ppid }));
  writeFileSync(join(dir, own), JSON.stringify({ pid: process.ppid }));
  expect(await lockFollowedInputs(dir, [join(dir, 'other.log')], 'extract')).toEqual({ heldBy: process.ppid });
  rmSync(join(dir, own));
  // An inventory's lock written since names its owner: a look beside it runs.
  writeFileSync(join(dir, 'follow-0123456789abcdef.lock'), JSON.stringify({ pid: process.ppid, inputs: [log], owner: 'inventory' }));
  expect(await lockFollowedInputs(dir, [log], 'extract')).toHaveProperty('release');
});
