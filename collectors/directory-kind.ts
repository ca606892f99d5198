import { setTimeout as sleep } from 'node:timers/promises';
import { listDirectoryFiles } from './directory-files';
import type { LateDirectory } from './directory-inbox';
import type { ExtractOptions } from './extract-types';
import type { LineFormats } from './logs/registry';
import { sniffInput } from './sniff-input';

/** As often as the log follower looks (collectors/logs/follow.ts): a log's first lines are not kept waiting longer. */
const POLL_MS = 200;

export type FollowedKind = 'captures' | 'logs';

/**
 * `--follow` on a directory that holds nothing to follow yet (created by the deployment before the proxy or tcpdump
 * started, or holding only a log not written yet): which follower it needs is not known until its first capture or
 * log comes. A file that decides nothing is said once, with what the directory waits for: an exchange file (not
 * followed: it has no checkpoint, so each restart would count it again) or a file no log format fits (a README).
 * Until 6 Dec the first waited silently and the second made the directory a log directory, its captures never read.
 */
export class DirectoryProbe {
  /** name → identity of a file that decided nothing and was said; a file given the name anew is looked at again. */
  private readonly judged = new Map<string, string>();
  /**
   * name → identity and size of a log that could not be judged yet (an idle sidecar's startup on stderr): judged
   * again once it has grown. Until 6 Dec it was read and sniffed again on every look, five times a second.
   */
  private readonly notYet = new Map<string, string>();
  private formats?: Promise<LineFormats | undefined>;

  constructor(
    readonly dir: string,
    private readonly opts: Pick<ExtractOptions, 'format' | 'nginxFormat' | 'apacheFormat' | 'fingerprintKey'>,
    private readonly warn: (text: string) => void,
  ) {}

  /** One look: the kind the directory holds, if a file says yet (a capture wins, as when sorted at the start). */
  async look(): Promise<FollowedKind | undefined> {
    // A directory removed or not mounted yet holds nothing yet, as for the followers.
    const files = await listDirectoryFiles(this.dir).catch(() => []);
    let holdsLog = false;
    const exchangeFiles: [string, string][] = [];
    const neither: [string, string][] = [];
    for (const { name, path, stats: st } of files) {
      const id = `${st.ino}:${st.birthtimeMs}`;
      if (this.judged.get(name) === id || this.notYet.get(name) === `${id}:${st.size}`) continue;
      const kind = await sniffInput(path).catch(() => undefined);
      if (kind === 'capture') return 'captures';
      if (kind === 'exchange-jsonl') exchangeFiles.push([name, id]);
      else if (kind === 'log' && !holdsLog) {
        const verdict = await this.judgeLog(path);
        if (verdict === 'log') holdsLog = true;
        else if (verdict === 'neither') neither.push([name, id]);
        else this.notYet.set(name, `${id}:${st.size}`);
      }
    }
    if (holdsLog) return 'logs';
    const say = (files: [string, string][], what: (names: string[]) => string) => {
      if (files.length === 0) return;
      for (const [name, id] of files) this.judged.set(name, id);
      this.warn(`${this.dir}: ${what(files.map(([name]) => name))}; waiting for a capture or a log`);
    };
    say(exchangeFiles, (n) => `${count(n, 'exchange file is', 'exchange files are')} not read when following a directory and ${n.length === 1 ? 'was' : 'were'} skipped (${shown(n)}); name ${n.length === 1 ? 'it' : 'them'} to read ${n.length === 1 ? 'it' : 'them'}`);
    say(neither, (n) => `${count(n, 'file is', 'files are')} neither a capture nor a log and ${n.length === 1 ? 'was' : 'were'} skipped (${shown(n)})`);
    return undefined;
  }

  /** The names said as skipped so far. */
  said(): string[] {
    return [...this.judged.keys()];
  }

  /**
   * Whether a file the first bytes call a log is one: a log format fits its first lines. A first line still being
   * written decides nothing yet, as in the log follower (logs/follow.ts).
   */
  private async judgeLog(path: string): Promise<'log' | 'neither' | 'not yet'> {
    this.formats ??= import('./logs/registry').then((m) => m.createLineFormats(this.opts)).catch(() => undefined);
    const formats = await this.formats;
    // A bad --format: the log reader says what is wrong with it.
    if (!formats) return 'log';
    const { planFile } = await import('./logs/static-file');
    const plan = await planFile(path, formats).catch(() => undefined);
    if (!plan || plan.kind === 'empty') return 'not yet';
    if (plan.kind !== 'unknown') return 'log';
    const { awaitsFirstLine } = await import('./logs/log-head');
    // From the bytes planned: a line finished since is judged at the next look (until 6 Dec it said `neither` for good).
    if (awaitsFirstLine(plan.head)) return 'not yet';
    return 'neither';
  }
}

/** Looks until a capture or a log is there and says which; undefined when the signal stops the wait first. */
export async function awaitDirectoryKind(probe: DirectoryProbe, signal?: AbortSignal): Promise<(LateDirectory & { kind: FollowedKind }) | undefined> {
  while (!signal?.aborted) {
    const kind = await probe.look();
    if (kind) return { kind, dir: probe.dir, skipped: probe.said() };
    await sleep(POLL_MS, undefined, { signal }).catch(() => undefined);
  }
  return undefined;
}

const count = (names: string[], one: string, many: string) => `${names.length} ${names.length === 1 ? one : many}`;
const shown = (names: string[]) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`;
