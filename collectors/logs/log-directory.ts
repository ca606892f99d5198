import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileProblem } from '../../lib/file-problem';
import { sniffInput } from '../sniff-input';

/**
 * A followed directory of logs (`/var/log/nginx/`): each look lists the files that appeared since the last one.
 * Only new files are sniffed, so looking every poll costs one `readdir` and a `stat` per file. Hidden files, empty
 * files (a log created but not written yet: listed once it has a line), captures and exchange files are not logs to
 * follow.
 */
export class LogDirectory {
  /**
   * The file each name was listed as: a name given to another file later (`other.log.1` written anew, no live
   * `other.log` rotating into it) is listed again. Until 5 Dec a name was listed once, and such a file never read.
   * Birth time with the inode: ext4 gives a file created right after a deletion the deleted file's inode.
   */
  private readonly seen = new Map<string, string>();
  /** Sizes files were listed at, and of those that could not be judged yet (forget), the size they were judged at. */
  private readonly sizes = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  /** Files said as unreadable, with the problem: said again only for another problem. */
  private readonly saidUnreadable = new Map<string, string>();

  /** `skipped`: files said as skipped while the directory waited for its first log (directory-kind.ts). */
  constructor(
    readonly dir: string,
    skipped: string[] = [],
  ) {
    this.saidSkipped = new Set(skipped);
  }

  private readonly saidSkipped: Set<string>;

  /** Whether a file skipped as no log is to be said: not when it was said while the directory waited. */
  sayingSkipped(name: string): boolean {
    // Said once: a file given the name later is said.
    return !this.saidSkipped.delete(name);
  }

  /**
   * Files not listed before; a vanished directory (removed, not mounted yet) lists nothing until it is back. A file
   * that cannot be read (permission denied, a symlink loop) is said once through `warn` and looked at again on each
   * look: until 6 Dec it was passed over without a word, and never read once it could be.
   */
  async newFiles(warn?: (text: string) => void): Promise<string[]> {
    const unreadable = (path: string) => (err: unknown) => {
      const problem = fileProblem(err);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' && this.saidUnreadable.get(path) !== problem) {
        this.saidUnreadable.set(path, problem);
        warn?.(`${path}: ${problem}; followed once it can be read`);
      }
      return undefined;
    };
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const found: string[] = [];
    for (const name of names) {
      const path = join(this.dir, name);
      if (name.startsWith('.')) continue;
      const st = await stat(path).catch(unreadable(path));
      if (!st || (st.isFile() && st.size === 0)) continue;
      const file = `${st.ino}:${st.birthtimeMs}`;
      // A file waiting to be judged is judged again once it has grown: not every look, a sidecar may wait for days.
      if (this.seen.get(path) === file && this.waiting.get(path) === st.size) continue;
      if (this.seen.get(path) === file && !this.waiting.has(path)) continue;
      this.waiting.delete(path);
      this.seen.set(path, file);
      this.sizes.set(path, st.size);
      if (!st.isFile()) continue;
      const kind = await sniffInput(path).catch(unreadable(path));
      if (kind === undefined) this.seen.delete(path);
      else this.saidUnreadable.delete(path);
      if (kind !== undefined && kind !== 'capture' && kind !== 'exchange-jsonl') found.push(path);
    }
    return found;
  }

  /**
   * A file that was listed but could not be judged yet (its first line unfinished, a container log with only its
   * stderr diagnostics) is listed again once it has grown.
   */
  forget(path: string): void {
    this.waiting.set(path, this.sizes.get(path) ?? -1);
  }
}

/** The files of a directory that no reader takes (a README next to the captures or logs), said once. */
export function notReadWarning(dir: string, names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  const one = names.length === 1;
  return `${dir}: ${names.length} file${one ? ' is' : 's are'} neither a capture nor a log and ${one ? 'was' : 'were'} skipped (${shown}${names.length > 5 ? ', …' : ''})`;
}
