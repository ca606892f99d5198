import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StateOwner } from '../collectors/extract-types';
import { makeDirectory } from '../lib/make-directory';
import { pidExists } from './pid-exists';

export type FollowLock = { release: () => Promise<void> } | { heldBy: number };

/**
 * One `--follow` run at a time per set of inputs and state directory. Two (a systemd unit and a shell, a cron
 * @reboot beside the unit) resumed from the same checkpoints and each counted every new line under its own batch
 * keys: the inventory had each request twice. A lock left by a run that died (kill -9, a crash, a reboot) is taken
 * over: its pid is no process now, or another process started since has it. `owner`: whose checkpoints the run reads by
 * (collectors/extract-types.ts StateOwner). `extract --follow` keeps its own, so a look at what a running
 * `push --follow` reads counts nothing twice: until 7 Dec it was refused as if it would.
 */
export async function lockFollowedInputs(stateDir: string, inputs: string[], owner: StateOwner = 'inventory'): Promise<FollowLock> {
  // By what the names lead to: the same log through a symlink (/var/log/app/current) is followed once too.
  const files = await Promise.all(inputs.filter((i) => i !== '-').map((i) => realpath(i).catch(() => resolve(i))));
  if (files.length === 0) return { release: async () => undefined };
  const id = createHash('sha256').update([...files].sort().join('\0')).digest('hex').slice(0, 16);
  const prefix = `${owner === 'extract' ? 'extract-' : ''}follow-`;
  const path = join(resolve(stateDir), `${prefix}${id}.lock`);
  // Not mkdir's `recursive`, which never returns under /proc (lib/make-directory.ts).
  await makeDirectory(resolve(stateDir));
  // Directories end in `/`: a directory reads the files in it, not its subdirectories (/var/log beside /var/log/nginx).
  const named = await Promise.all(files.map(async (f) => ((await stat(f).catch(() => undefined))?.isDirectory() ? `${f}/` : f)));
  // The owner is written since 7 Dec: a `follow-*.lock` without one is a run from before, maybe an extract (runningOverlap).
  const mine = JSON.stringify({ pid: process.pid, started: startTimeOf(process.pid), inputs: named, owner });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, mine);
  // Taken and checked one run at a time: two overlapping sets started at the same instant each took its lock, each
  // saw the other's and both refused (until 6 Dec); two taking over one dead run's lock could both run.
  const guard = await takeGuard(resolve(stateDir));
  try {
    for (;;) {
      // link() fails when the lock exists, and the lock is never seen without its content (as an open 'wx' is).
      const taken = await link(tmp, path).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return false;
          throw err;
        },
      );
      if (taken) {
        // Another set that shares an input (`logs/` and `logs/access.log`, `a.log b.log` and `a.log`) has a lock of
        // its own: until 6 Dec both ran, each from its own checkpoints, and each counted every new line.
        const overlapping = await runningOverlap(stateDir, owner, path, named);
        if (overlapping === undefined) return { release: () => releaseLock(path, mine) };
        await releaseLock(path, mine);
        return { heldBy: overlapping };
      }
      const holder = holderOf(await readFile(path, 'utf8').catch(() => ''));
      if (holder && running(holder)) return { heldBy: holder.pid };
      await rm(path, { force: true });
    }
  } finally {
    await guard.release();
    await rm(tmp, { force: true });
  }
}

/** Held for the few file operations of taking a lock; one a run left as it died is taken over. */
const GUARD_WAIT_MS = 30_000;

async function takeGuard(stateDir: string): Promise<{ release: () => Promise<void> }> {
  const path = join(stateDir, 'follow-locks.guard');
  const mine = JSON.stringify({ pid: process.pid, started: startTimeOf(process.pid), at: Date.now() });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, mine);
  try {
    for (const until = Date.now() + GUARD_WAIT_MS; ; ) {
      const taken = await link(tmp, path).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return false;
          throw err;
        },
      );
      if (taken) return { release: () => releaseLock(path, mine) };
      const text = await readFile(path, 'utf8').catch(() => '');
      const holder = holderOf(text);
      // Gone since, or unreadable for the instant it is being replaced: looked at again.
      if (text !== '' && (!holder || !running(holder))) {
        if ((await readFile(path, 'utf8').catch(() => '')) === text) await rm(path, { force: true });
        continue;
      }
      if (Date.now() > until) throw new Error(`${path}: held by pid ${holder?.pid ?? '?'} for over ${GUARD_WAIT_MS / 1000} s; remove it if no lantern is starting`);
      await sleep(5 + Math.random() * 20);
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Exit 1, naming the run that follows the inputs already. */
export function refuseSecondFollower(command: string, heldBy: number, stateDir: string): number {
  process.stderr.write(`${command}: another lantern --follow (pid ${heldBy}) is following these inputs with the state directory ${stateDir}; stop it first (two counted every line twice)\n`);
  return 1;
}

/**
 * The pid of a running follower of another set of inputs (its lock in `stateDir`, of the same owner) that reads one of
 * `files`. For extract also a run from before 7 Dec, whose lock was `follow-*.lock` whatever the command, and says no
 * owner: it may be an extract on the same output (an inventory's from then is refused as it was then). Until this
 * mend a new extract --follow ran beside one still running from before the upgrade, each writing every new line.
 */
async function runningOverlap(stateDir: string, owner: StateOwner, own: string, files: string[]): Promise<number | undefined> {
  const prefix = `${owner === 'extract' ? 'extract-' : ''}follow-`;
  const names = (await readdir(resolve(stateDir)).catch(() => [] as string[])).filter((n) => n.endsWith('.lock'));
  for (const name of names) {
    const fromBefore = owner === 'extract' && name.startsWith('follow-');
    if (!name.startsWith(prefix) && !fromBefore) continue;
    const path = join(resolve(stateDir), name);
    if (path === own) continue;
    const holder = holderOf(await readFile(path, 'utf8').catch(() => ''));
    if (!holder || (fromBefore && holder.owner !== undefined)) continue;
    // One from before 6 Dec names no inputs: of the same inputs, its name is theirs.
    const same = fromBefore && `extract-${name}` === basename(own);
    if ((same || holder.inputs?.some((theirs) => files.some((f) => readsTheSame(f, theirs)))) && running(holder)) return holder.pid;
  }
  return undefined;
}

/** The same file or directory, or a directory (`…/`) and a file in it: a directory's files are read, not its subdirectories. */
function readsTheSame(a: string, b: string): boolean {
  const fileIn = (file: string, dir: string) => dir.endsWith('/') && !file.endsWith('/') && `${dirname(file)}/` === dir;
  return a === b || fileIn(a, b) || fileIn(b, a);
}

async function releaseLock(path: string, mine: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) === mine) await rm(path, { force: true });
}

function holderOf(text: string): { pid: number; started?: string; inputs?: string[]; owner?: string } | undefined {
  try {
    const v = JSON.parse(text) as { pid?: unknown; started?: unknown; inputs?: unknown; owner?: unknown };
    if (!Number.isInteger(v.pid) || (v.pid as number) <= 0) return undefined;
    const inputs = Array.isArray(v.inputs) ? v.inputs.filter((i): i is string => typeof i === 'string') : undefined;
    const owner = typeof v.owner === 'string' ? v.owner : undefined;
    return { pid: v.pid as number, started: typeof v.started === 'string' ? v.started : undefined, inputs, owner };
  } catch {
    return undefined;
  }
}

/** The holder is alive: its pid exists (EPERM: under another user) and, where Linux tells, started when it did. */
function running(holder: { pid: number; started?: string }): boolean {
  // Our own pid in the lock is a run before us (a container's process has the same pid at every start).
  if (holder.pid === process.pid || !pidExists(holder.pid)) return false;
  const now = startTimeOf(holder.pid);
  return holder.started === undefined || now === undefined || now === holder.started;
}

/** A process's start time in clock ticks since boot (/proc/<pid>/stat, field 22): a pid reused after a reboot differs. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
