import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileIdentity } from '../collectors/same-file';
import { pathOverridesSchema, type PathOverride } from '../lib/discovery/overrides';
import { loadSpec } from '../lib/openapi/load-spec';
import type { NormalisedSpec } from '../lib/openapi/spec-model';
import { printSpecWarnings, readSpecFile, specIdsFor } from './spec-file';
import { fileProblem } from '../lib/file-problem';
import { describeJsonError } from '../lib/security/json-syntax-error';

/** What --spec and --override files held, or every problem that makes one unusable: said alike by discover, ingest
 * and push, each problem on its own line, before any input is read (exit 2). */
export type OptionFiles<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export async function loadSpecFiles(named: string[]): Promise<OptionFiles<NormalisedSpec[]>> {
  const specs: NormalisedSpec[] = [];
  // `--spec "$SPEC"` with SPEC unset: until 7 Dec read as the working directory ("#: cannot read /srv: it is a directory").
  const problems: string[] = named.some((f) => f.trim() === '') ? ['--spec is empty (an unset variable?): give an OpenAPI or Swagger file'] : [];
  const files = await distinctSpecFiles(named.filter((f) => f.trim() !== ''));
  const ids = specIdsFor(files);
  for (const [i, file] of files.entries()) {
    const loaded = await loadSpec(ids[i], resolve(file), readSpecFile);
    if (!loaded.ok) {
      problems.push(...loaded.problems.map((p) => `${p.file ?? file}#${p.pointer}: ${p.message}`));
      continue;
    }
    printSpecWarnings(loaded.warnings, file);
    specs.push(loaded.spec);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: specs };
}

/**
 * Each --spec file once, known by its device and inode as `extract` knows its inputs (collectors/distinct-inputs.ts):
 * the same file named twice (`--spec specs/*.yaml --spec specs/pay.yaml`) or through a symlink was loaded twice under
 * one id, and every operation nobody called was listed twice among the unused. A file that cannot be looked at is
 * kept, for the loader to say why.
 */
async function distinctSpecFiles(files: string[]): Promise<string[]> {
  const first = new Map<string, string>();
  const kept: string[] = [];
  for (const file of files) {
    const st = await stat(file).catch(() => undefined);
    const key = st?.isFile() ? fileIdentity(st) : `path:${resolve(file)}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, file);
      kept.push(file);
    } else process.stderr.write(`warning: ${file}: --spec ${earlier === file ? 'named twice' : `of the same file as ${earlier}`}, read once\n`);
  }
  return kept;
}

const OVERRIDES_SHAPE = 'not a list of overrides {host?, method?, pattern, action: merge|split|ignore}';

export async function readOverridesFile(file: string): Promise<OptionFiles<PathOverride[]>> {
  if (file.trim() === '') return { ok: false, problems: ['--override is empty (an unset variable?): give a file of overrides'] };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [`${file}: cannot be read (${fileProblem(err)})`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Where, never V8's message: it quotes the text, and a pattern may be a URL pasted with its token.
    return { ok: false, problems: [`${file}: ${OVERRIDES_SHAPE}: not JSON (${describeJsonError(text)})`] };
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { overrides?: unknown } | null)?.overrides;
  const checked = pathOverridesSchema.safeParse(list);
  if (checked.success) return { ok: true, value: checked.data };
  const first = checked.error.issues[0];
  const where = first && first.path.length > 0 ? ` (at ${first.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('')}: ${first.message})` : '';
  return { ok: false, problems: [`${file}: ${OVERRIDES_SHAPE}${where}`] };
}

/** The --spec files and the --override file of one command line, with the problems of both. */
export async function readOptionFiles(specFiles: string[], overrideFile: string | undefined): Promise<OptionFiles<{ specs: NormalisedSpec[]; overrides: PathOverride[] }>> {
  const specs = await loadSpecFiles(specFiles);
  const overrides: OptionFiles<PathOverride[]> = overrideFile === undefined ? { ok: true, value: [] } : await readOverridesFile(overrideFile);
  if (specs.ok && overrides.ok) return { ok: true, value: { specs: specs.value, overrides: overrides.value } };
  return { ok: false, problems: [...(specs.ok ? [] : specs.problems), ...(overrides.ok ? [] : overrides.problems)] };
}

/** Problems on stderr, as a spec's are printed (`file#pointer: message`); the exit code of an unusable option file. */
export function printOptionFileProblems(problems: string[]): 2 {
  for (const p of problems) process.stderr.write(`${p}\n`);
  return 2;
}
