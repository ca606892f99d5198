import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { bundleExternalRefs } from '../lib/openapi/bundle-refs';
import { loadSpecDocument, type SpecFileContent } from '../lib/openapi/load-spec';
import { parseSpecText } from '../lib/openapi/parse-document';
import type { SpecProblem } from '../lib/openapi/spec-model';
import { fileProblem } from '../lib/file-problem';

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
    return { unreadable: fileProblem(err) };
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

/**
 * The text `spec push` sends for a spec file: as written, unless it names other files (`$ref: ./schemas/pet.yaml`),
 * which the server cannot read: then the files are inlined (lib/openapi/bundle-refs.ts, as `discover --spec` reads
 * them) and the whole checked here, so a mistake in a referenced file is named by its file and pointer, and one JSON
 * document is sent. Until 6 Dec a split spec was sent as its entry file alone and refused with `Can't resolve external
 * reference: ./paths/pet.yaml`, no location given, while `discover --spec` read the same file.
 */
export async function pushableSpecText(file: string, text: string): Promise<{ ok: true; text: string; bundled: boolean } | { ok: false; problems: SpecProblem[] }> {
  const parsed = parseSpecText(text);
  // Unreadable text goes to the registry as it is, which says what is wrong with it as it does for any upload.
  if (!parsed.ok || !namesOtherFiles(parsed.value)) return { ok: true, text, bundled: false };
  const entry = resolve(file);
  const bundled = await bundleExternalRefs(entry, parsed.value, readSpecFile);
  if (!bundled.ok) return bundled;
  const loaded = await loadSpecDocument(basename(file), bundled.document, bundled.files);
  if (!loaded.ok) return loaded;
  return { ok: true, text: JSON.stringify(bundled.document), bundled: true };
}

function namesOtherFiles(node: unknown, seen = new Set<object>()): boolean {
  if (node === null || typeof node !== 'object' || seen.has(node)) return false;
  seen.add(node);
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) return true;
  return Object.values(node).some((v) => namesOtherFiles(v, seen));
}
