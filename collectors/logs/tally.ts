import type { ExtractReport } from '../extract-types';

/** Malformed lines named per file in warnings; the rest are counted. */
const NAMED_PER_FILE = 5;

/** Counters for one extraction, and the file:line of the first malformed lines of each file. */
export class Tally {
  /** Files (standard input as one) whose content went to a reader: the summary's `files`, with the captures read. */
  files = 0;
  lines = 0;
  exchanges = 0;
  malformed = 0;
  skipped = 0;
  documents = 0;
  /** Warnings kept for the summary printed at the end. */
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  private readonly malformedByFile = new Map<string, { count: number; first: number[]; format: string }>();
  private readonly skippedByFile = new Map<string, { count: number; first: number[] }>();

  /**
   * `live`: a follower runs for days, so what goes wrong is said as it happens (a file skipped as no log, a log
   * rotated away unread) and not kept for the summary, which would say it a second time.
   */
  constructor(private readonly live?: (text: string) => void) {}

  warn(text: string): void {
    if (this.live) this.live(text);
    else this.warnings.push(text);
  }

  malformedLine(file: string, line: number, format: string, why = `not ${withArticle(format)} line`): void {
    this.malformed++;
    let m = this.malformedByFile.get(file);
    if (!m) {
      m = { count: 0, first: [], format };
      this.malformedByFile.set(file, m);
    }
    m.count++;
    if (m.first.length < NAMED_PER_FILE) {
      m.first.push(line);
      this.warn(`${file}:${line}: ${why}`);
    }
  }

  /** A well-formed line that is no exchange, for a reason worth saying: counted, and named as malformed lines are. */
  skippedLine(file: string, line: number, why: string): void {
    this.skipped++;
    let s = this.skippedByFile.get(file);
    if (!s) {
      s = { count: 0, first: [] };
      this.skippedByFile.set(file, s);
    }
    s.count++;
    if (s.first.length < NAMED_PER_FILE) {
      s.first.push(line);
      this.warn(`${file}:${line}: skipped: ${why}`);
    }
  }

  report(): ExtractReport {
    const warnings = [...this.warnings];
    for (const [file, m] of this.malformedByFile) {
      if (m.count > m.first.length) warnings.push(`${file}: ${m.count} malformed lines in all (first at lines ${m.first.join(', ')})`);
    }
    for (const [file, s] of this.skippedByFile) {
      if (s.count > s.first.length) warnings.push(`${file}: ${s.count} lines skipped in all (first at lines ${s.first.join(', ')})`);
    }
    return {
      exchanges: this.exchanges,
      stats: { files: this.files, lines: this.lines, malformed: this.malformed, ...(this.skipped > 0 ? { skipped: this.skipped } : {}), ...(this.documents > 0 ? { documents: this.documents } : {}) },
      warnings,
      errors: [...this.errors],
    };
  }
}

/**
 * A format's name with the article it takes said aloud: `an azure`, `an nginx` (engine-x), `an haproxy` (aitch-A),
 * `a combined` (until 7 Dec every format took `a`: "not a azure line").
 */
export function withArticle(format: string): string {
  return `${/^[aeiou]/i.test(format) || VOWEL_SOUNDED.test(format) ? 'an' : 'a'} ${format}`;
}

const VOWEL_SOUNDED = /^(?:nginx|haproxy)\b/i;
