import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_STATE_DIR, type ExtractOptions } from '../extract-types';
import { fileIdentity } from '../same-file';
import { CheckpointStore, type OutputMark } from './checkpoint-store';
import { outputMark, recordsOwed } from './output-ledger';

/**
 * Where a log follower resumes in an output file it shares (output-ledger.ts): the records it makes again from its
 * checkpoints that are written already, and the marks that say so. Made before anything else of the run writes (the
 * exchange files named with the logs come first, and are no records of the follower), settled before it writes.
 */
export class LogResume {
  private settled = false;
  /** The log each file name a record names was read from, once per name (a stat while records are owed). */
  private readonly keys = new Map<string, string>();

  constructor(
    readonly store: CheckpointStore,
    private readonly fd: number | undefined,
    /**
     * Records the follower makes again that are in the output already, per log (keyOf; '' for any): dropped, not
     * written twice. Until 7 Dec a count, paid by the first records made whatever their log: `a.log c.log` killed,
     * restarted as `a.log b.log`, dropped b.log's first records in place of a.log's and wrote those again.
     */
    private readonly owed: Map<string, number>,
    private readonly keyOf: (file: string) => string,
    readonly loadWarning?: string,
    /**
     * What other sets' followers owe the output, of logs this one does not follow: never paid here, kept in every mark
     * saved, which may be the output's last when they resume. Until 7 Dec dropped: `a.log` killed, `b.log` followed
     * into the same file, then `a.log` again wrote a.log's records past its mark twice.
     */
    private readonly carried = new Map<string, CarriedDebt>(),
  ) {}

  /** How many records are still owed. */
  get skip(): number {
    let n = 0;
    for (const v of this.owed.values()) n += v;
    return n;
  }

  /** Whether a record made again, of the log `file` names, is one in the output already: if so it is paid, once. */
  alreadyWritten(file: string | undefined): boolean {
    if (this.owed.size === 0) return false;
    if (this.pay('')) return true;
    if (file === undefined) return false;
    let key = this.keys.get(file);
    if (key === undefined) this.keys.set(file, (key = this.keyOf(file)));
    return this.pay(key);
  }

  /**
   * `file`, a copy (copytruncate, compressed) read on from the checkpoint of `log`, makes again the records `log`
   * owes: until 7 Dec they were keyed by the copy, owed nothing, and written twice, and as many of the new lines of
   * the truncated log (its device and inode) were dropped in their place.
   */
  continuedIn(file: string, log: { dev: string; ino: string }): void {
    this.keys.set(file, fileIdentity(log));
  }

  /** The logs (device and inode) that owe records still. */
  owingLogs(): string[] {
    return [...this.owed.keys()].filter((k) => k !== '' && !k.startsWith('name:'));
  }

  /**
   * A log read to its end, or gone (deleted while the follower was stopped): it makes no more records, so what it
   * still owes is owed no more; how many that was. Until 7 Dec the debt stayed in every later mark, and the records of
   * a new file at its name (tied by the name to the old file's checkpoint) paid it, and were dropped.
   */
  finished(log: { dev: string; ino: string }): number {
    const key = fileIdentity(log);
    const n = this.owed.get(key) ?? 0;
    this.owed.delete(key);
    return n;
  }

  private pay(key: string): boolean {
    const n = this.owed.get(key);
    if (n === undefined) return false;
    if (n === 1) this.owed.delete(key);
    else this.owed.set(key, n - 1);
    return true;
  }

  /** The output's end, with the records still owed: a checkpoint saved with it keeps them owed across a kill. */
  mark(): OutputMark | undefined {
    const now = outputMark(this.fd);
    if (!now || this.owed.size + this.carried.size === 0) return now;
    const { '': any, ...byLog } = Object.fromEntries(this.owed);
    return {
      ...now,
      ...(any ? { ahead: any } : {}),
      ...(Object.keys(byLog).length > 0 ? { aheadBy: byLog } : {}),
      ...(this.carried.size > 0 ? { carried: Object.fromEntries(this.carried) } : {}),
    };
  }

  /** Others write next (exchange files), before the follower: a restart counts none of what follows as its own. */
  async othersWriteNext(): Promise<void> {
    const mark = this.mark();
    if (mark) await this.store.save({ ...mark, othersPast: true });
  }

  /** The follower writes from here on (once): what a kill leaves past this mark is its own, or names a packet. */
  async settle(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    const mark = this.mark();
    if (mark) await this.store.save(mark);
  }
}

/** Records another set's follower owes the output, and the `at` of the mark they were counted from. */
type CarriedDebt = NonNullable<OutputMark['carried']>[string];

/**
 * Loads a log follower's checkpoints and counts what it owes its output. `keyedBy`: what they are keyed by;
 * `former`: the key used before 6 Dec, taken over.
 */
export async function prepareLogResume(
  opts: Pick<ExtractOptions, 'stateDir' | 'stateOwner' | 'saveState' | 'outputFd'>,
  keyedBy: string[],
  former: string[],
): Promise<LogResume> {
  const store = new CheckpointStore(opts.stateDir ?? DEFAULT_STATE_DIR, keyedBy, opts.saveState, former, opts.stateOwner);
  const loadWarning = await store.load();
  const now = outputMark(opts.outputFd);
  const mark = store.lastMarkOf(now);
  const anotherSets = mark !== undefined && mark !== store.state.output;
  // Only records of the logs this set follows are read again: past another set's mark (it wrote there last) the rest
  // are its own, past this set's those another extract appended (`extract c.log >> out` between two runs). Until 7 Dec
  // all were counted: `a.log` killed, then `b.log`, dropped as many of b.log's new records.
  const { followed, keyOf, follows, checkpointed } = await logsOf(keyedBy, store);
  const counted = recordsOwed(opts.outputFd, mark, (file) => (followed(file) || anotherSets ? keyOf(file) : undefined));
  // Another set's mark may still owe records of logs this one does not follow (and the records past it of a log a
  // follower has a checkpoint of are that set's): never made again here, never paid, carried in this set's marks.
  const owed = new Map<string, number>();
  const carried = new Map<string, CarriedDebt>();
  const carry = (key: string, { ahead, since }: CarriedDebt) => {
    const was = carried.get(key);
    carried.set(key, was ? { ahead: was.ahead + ahead, since: Math.min(was.since, since) } : { ahead, since });
  };
  for (const [key, n] of counted) {
    if (key === '' || follows(key)) owed.set(key, n);
    else if (checkpointed(key)) carry(key, { ahead: n, since: mark?.at ?? 0 });
  }
  // This set's own, carried by another: unless the log's checkpoint moved on since they were counted (a follower
  // resumed it and paid them, so a mark carrying them still would have them dropped a second time).
  if (mark && mark.dev === now?.dev && mark.ino === now.ino) {
    for (const [key, debt] of Object.entries(mark.carried ?? {})) {
      if ((store.state.files[key]?.at ?? Infinity) > debt.since) continue;
      if (follows(key)) owed.set(key, (owed.get(key) ?? 0) + debt.ahead);
      else if (checkpointed(key)) carry(key, debt);
    }
  }
  return new LogResume(store, opts.outputFd, owed, keyOf, loadWarning, carried);
}

/**
 * `followed`: whether a log a record names is one of `inputs` or in one of them (a directory): by its name (a file
 * rotated away since is finished by the tail of the name it was read under), or by device and inode. `keyOf`: which log
 * it is, the same for a record the killed run wrote and the one made again (`a.log` then, `a.log.1` read since the
 * rotation): its device and inode, the name looked up among the checkpoints first (the name it was read under may be
 * gone, moved into a directory followed, or a new file's), its name where neither knows it.
 */
async function logsOf(
  inputs: string[],
  store: CheckpointStore,
): Promise<{
  followed: (file: string) => boolean;
  keyOf: (file: string) => string;
  follows: (key: string) => boolean;
  checkpointed: (key: string) => boolean;
}> {
  const names = new Set(inputs.map((i) => resolve(i)));
  const ids = new Set<string>();
  for (const input of inputs) {
    const st = await stat(input, { bigint: true }).catch(() => undefined);
    if (!st) continue;
    if (!st.isDirectory()) ids.add(fileIdentity(st));
    else for (const name of await readdir(input).catch(() => [] as string[])) {
      const f = await stat(join(input, name), { bigint: true }).catch(() => undefined);
      if (f?.isFile()) ids.add(fileIdentity(f));
    }
  }
  const unfinished = Object.values(store.state.files).filter((cp) => !cp.done);
  const byName = new Map(unfinished.map((cp) => [cp.path, fileIdentity(cp)]));
  const idByName = (file: string) => byName.get(file) ?? statId(file);
  const followed = (file: string) => {
    if (names.has(resolve(file)) || names.has(dirname(resolve(file)))) return true;
    const id = idByName(file);
    return id !== undefined && ids.has(id);
  };
  return {
    followed,
    keyOf: (file) => idByName(file) ?? `name:${resolve(file)}`,
    // A key kept in a mark: a log's name, or its device and inode, followed as such or under its checkpoint's name.
    follows: (key) =>
      key.startsWith('name:') ? followed(key.slice(5)) : ids.has(key) || Object.values(store.state.files).some((cp) => fileIdentity(cp) === key && followed(cp.path)),
    // A log some follower reads on from a checkpoint (merged from every set's state): one finished or gone owes nothing.
    checkpointed: (key) => unfinished.some((cp) => fileIdentity(cp) === key),
  };
}

function statId(file: string): string | undefined {
  try {
    return fileIdentity(statSync(file, { bigint: true }));
  } catch {
    return undefined;
  }
}
