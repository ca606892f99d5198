import { readFile } from 'node:fs/promises';
import type { SpecFileContent } from '../lib/openapi/load-spec';

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
