/**
 * The columns of a W3C extended log (CloudFront's and IIS's), as its `#Fields:` directive names them: per file, since
 * a directory's logs are followed side by side (one per distribution or site, a new file every few minutes for
 * months), so only the latest few files' are kept; a file whose directive was not read (a follower resuming past it,
 * lines piped without it) has the format's standard columns.
 */
export type Columns = Map<string, number>;

const KEPT_FILES = 64;

export function columnsOf(fields: readonly string[]): Columns {
  return new Map(fields.map((f, i) => [f, i]));
}

/** The lower-cased field names of a `#Fields: date time …` line. */
export function directiveFields(line: string): string[] {
  return line.slice('#Fields: '.length).trim().toLowerCase().split(/\s+/);
}

export class FileColumns {
  private readonly byFile = new Map<string, Columns>();

  constructor(private readonly standard: Columns) {}

  set(file: string, fields: readonly string[]): void {
    // Deleted first: a file whose directive comes again is the latest, not evicted for its age.
    this.byFile.delete(file);
    this.byFile.set(file, columnsOf(fields));
    if (this.byFile.size > KEPT_FILES) this.byFile.delete(this.byFile.keys().next().value!);
  }

  of(file: string): Columns {
    return this.byFile.get(file) ?? this.standard;
  }
}

/** A line's field by name: undefined for a column the file lacks, and for `-` or nothing (the format's empty value). */
export function fieldReader(columns: Columns, values: readonly string[]): (name: string) => string | undefined {
  return (name) => {
    const i = columns.get(name);
    const v = i === undefined ? undefined : values[i];
    return v === '-' || v === '' ? undefined : v;
  };
}
