/** A followed directory whose kind was decided after the start (directory-kind.ts). */
export interface LateDirectory {
  dir: string;
  /** Files said on stderr as skipped while it waited: its follower does not say them again. */
  skipped: string[];
}

/**
 * Directories handed to the running follower of their kind, which takes them at its next look. One reader per kind
 * follows them all: ingest gives each kind one lane, and a log reader resumes by counting the records written past
 * its checkpoint, which a second log reader's records would throw off.
 */
export class DirectoryInbox {
  private waiting: LateDirectory[] = [];
  /** The follower returned (stopped, or a directory of its could not be listed): a later one needs a new follower. */
  closed = false;

  add(late: LateDirectory): void {
    this.waiting.push(late);
  }

  take(): LateDirectory[] {
    return this.waiting.splice(0);
  }
}
