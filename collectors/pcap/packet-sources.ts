import type { PacketSource } from '../http/exchange-draft';

/**
 * Packet numbers of an engine that reads several files of one rotated series in turn (CaptureEngine.continueWith):
 * they run on across the files, so flows, parsers and the parallel merge see one sequence, and are turned back into
 * each file's own numbering for a record's `source`. Spans no live flow can still refer to are let go, so following
 * a directory for weeks keeps a handful.
 */
export class PacketSources {
  private names: string[];
  /** The series-wide number of each file's first packet. */
  private firsts: number[];

  constructor(file: string) {
    this.names = [file];
    this.firsts = [1];
  }

  /** `file` starts at packet `first`; nothing will ask again for a packet before `oldestNeeded`. */
  add(file: string, first: number, oldestNeeded: number): void {
    // A span ends where the next one starts (the last one where `file` starts).
    const endOf = (i: number) => (i + 1 < this.firsts.length ? this.firsts[i + 1] : first);
    let drop = 0;
    while (drop < this.firsts.length && endOf(drop) <= oldestNeeded) drop++;
    if (drop > 0) {
      this.names = this.names.slice(drop);
      this.firsts = this.firsts.slice(drop);
    }
    this.names.push(file);
    this.firsts.push(first);
  }

  /** Only `file` from `first` on: after a restart nothing older is referred to. */
  reset(file: string, first: number): void {
    this.names = [file];
    this.firsts = [first];
  }

  get files(): number {
    return this.names.length;
  }

  readonly of = (packet: number): PacketSource => {
    // Nearly every record is from the file being read: search from the newest.
    let i = this.firsts.length - 1;
    while (i > 0 && packet < this.firsts[i]) i--;
    return { file: this.names[i], packet: packet - this.firsts[i] + 1 };
  };
}
