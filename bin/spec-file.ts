import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SpecFileContent } from '../lib/openapi/load-spec';
import type { SpecProblem } from '../lib/openapi/spec-model';

/**
 * The CLI's reader for `loadSpec`: bytes, which the loader decodes strictly (reading as 'utf8' would turn bad
 * bytes into U+FFFD unseen); a missing file is "not found", anything else that fails says what it is.
 */
export async function readSpecFile(path: string): Promise<SpecFileContent> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') return { unreadable: 'it is a directory, not a spec file' };
    return { unreadable: code ?? (err as Error).message };
  }
}

/**
 * The id each `--spec` file is known by in findings and tie-breaks: its file name, or the path as given when two files
 * share a name (`v1/openapi.yaml` beside `v2/openapi.yaml`), which the name alone cannot tell apart: the ids tie, so
 * the order of `--spec` chose between two copies of an operation and `specId` did not say which file it meant.
 */
export function specIdsFor(files: readonly string[]): string[] {
  const names = files.map((file) => basename(file));
  return files.map((file, i) => (names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : file));
}

/** The spec loader's warnings on stderr, one `file#pointer: warning: message` line each (discover, ingest, spec push). */
export function printSpecWarnings(warnings: readonly SpecProblem[], file: string): void {
  for (const w of warnings) process.stderr.write(`${w.file ?? file}#${w.pointer}: warning: ${w.message}\n`);
}
