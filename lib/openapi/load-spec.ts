import { dereference, upgrade } from '@scalar/openapi-parser';
import { BUNDLE_KEY, bundleExternalRefs, nameBundledRefs, readSpecDocument, type ReadSpecFile } from './bundle-refs';
import { normaliseSpec } from './normalise-spec';
import { findInfoVersionProblems } from './info-version';
import { exceedsNestingDepth } from './nesting-depth';
import { MAX_SPEC_DEPTH } from './parse-document';
import { findReferenceProblems } from './ref-cycles';
import { findUnrequiredPathParameters } from './path-parameter-required';
import { findMalformedPathTemplates, findQueryInPaths, findUndeclaredPathParameters } from './path-template-checks';
import { findDuplicateParameters } from './parameter-uniqueness';
import { findSchemaObjectProblems } from './schema-object-checks';
import { findTrailingSlashTwins } from './trailing-slash-twins';
import { findUndeclaredSecuritySchemes } from './security-checks';
import type { LoadSpecResult, SpecProblem, SpecVersion } from './spec-model';
import { ADDITIONAL_OPERATIONS_NAME_NOISE, findAdditionalOperationsTwice, findDuplicateOperationIds, findEquivalentPathOperations, findMisnamedAdditionalOperations } from './structural-checks';
import { pointerText, validateDocument } from './validate-document';
import { buildValidationView, locateInFiles } from './validation-view';

export type { ReadSpecFile, SpecFileContent } from './bundle-refs';

/**
 * Loads a spec from a file path through an injected reader (so relative-file `$ref`s work and this
 * module never touches fs): parse → bundle relative refs → reject unresolvable refs → validate with
 * @scalar/openapi-parser (bundled files where they are used, see validation-view.ts) → upgrade to the 3.1 shape → dereference → normalise.
 * Every problem comes back with its JSON pointer; nothing is thrown for a bad spec.
 */
export async function loadSpec(id: string, entryPath: string, readFile: ReadSpecFile): Promise<LoadSpecResult> {
  const parsed = await readSpecDocument(readFile, entryPath);
  if (!parsed.ok) return parsed;
  const bundled = await bundleExternalRefs(entryPath, parsed.value, readFile);
  if (!bundled.ok) return bundled;
  return loadSpecDocument(id, bundled.document, bundled.files);
}

/**
 * Same as `loadSpec` for a document already in memory (tests, the eval, specs stored in the database). `registered`:
 * a spec stored when it was accepted; what checks added since would refuse is a warning instead, since a stored spec
 * that no longer loads drops every operation of its API out of classification.
 */
export async function loadSpecDocument(id: string, document: Record<string, unknown>, files: string[] = [], opts: { registered?: boolean } = {}): Promise<LoadSpecResult> {
  const version = detectSpecVersion(document);
  if (!version.ok) return { ok: false, problems: [version.problem] };
  // In-memory documents skip parseSpecText, so the depth guard is repeated here for the recursive walkers below.
  if (exceedsNestingDepth(document, MAX_SPEC_DEPTH)) return { ok: false, problems: [{ pointer: '', message: `document nests deeper than ${MAX_SPEC_DEPTH} levels` }] };
  const refProblems = findReferenceProblems(document);
  if (refProblems.length > 0) return { ok: false, problems: locate(refProblems, files) };
  const view = files.length > 1 ? buildValidationView(document) : { document, origins: [] };
  const unrequired = findUnrequiredPathParameters(view.document);
  const infoVersion = findInfoVersionProblems(view.document, describeValue);
  const validated = (await validateDocument(unrequired.repaired)).filter(
    (p) => !(p.pointer.endsWith('/additionalOperations') && ADDITIONAL_OPERATIONS_NAME_NOISE.test(p.message)) && !(infoVersion.length > 0 && p.pointer === '/info/version'),
  );
  const problems: SpecProblem[] = [...unrequired.problems, ...validated, ...findMisnamedAdditionalOperations(view.document), ...(opts.registered ? [] : infoVersion)];
  // Checks added since a spec may have been stored are warnings for it (`registered`): refused, its API would lose
  // every operation.
  const newer = [...findMalformedPathTemplates(view.document), ...findAdditionalOperationsTwice(view.document), ...findDuplicateParameters(view.document), ...(await findSchemaObjectProblems(view.document))];
  problems.push(...findDuplicateOperationIds(view.document), ...findEquivalentPathOperations(view.document), ...(opts.registered ? [] : newer));
  if (problems.length > 0) return { ok: false, problems: dedupe(problems.map((p) => locateInFiles(p, view, files))) };
  try {
    const upgraded = upgrade(structuredClone(document)).specification as Record<string, unknown>;
    const resolved = dereference(upgraded);
    if (resolved.errors && resolved.errors.length > 0) {
      return { ok: false, problems: locate(resolved.errors.map((e) => ({ pointer: pointerText(e.path), message: e.message })), files) };
    }
    const warnings: SpecProblem[] = opts.registered ? [...newer, ...infoVersion] : [];
    const spec = normaliseSpec(id, version.version, (resolved.schema ?? upgraded) as Record<string, unknown>, warnings);
    warnings.push(...findUndeclaredPathParameters(spec, document), ...findQueryInPaths(document), ...findUndeclaredSecuritySchemes(document), ...findTrailingSlashTwins(spec, document));
    // A path item's servers are read once per operation: one warning each.
    return { ok: true, spec, warnings: locate(dedupe(warnings), files) };
  } catch (err) {
    // A document the validator accepted but the upgrader cannot read: still a problem, never a crash.
    return { ok: false, problems: [{ pointer: '', message: `cannot read document: ${(err as Error).message}` }] };
  }
}

const LATEST_RELEASES = new Map([
  ['3.0', '3.0.4'],
  ['3.1', '3.1.1'],
  ['3.2', '3.2.0'],
]);

type VersionCheck = { ok: true; version: SpecVersion } | { ok: false; problem: SpecProblem };

/**
 * Explicit version detection (Redocly's detect-spec): a document that names no supported version is refused.
 * The version must be a string, as both schemas say: unquoted in YAML, `3.0` is the number 3 and `2.0` the
 * number 2. Accepting the number would guess (3 could be any 3.x) and pass specs every other tool refuses, so
 * the message says what to write instead.
 */
export function detectSpecVersion(doc: Record<string, unknown>): VersionCheck {
  const notString = (field: string, example: string) => ({
    ok: false as const,
    problem: { pointer: `/${field}`, message: `'${field}' must be a string such as "${example}", not ${describeValue(doc[field])} (quote it in YAML)` },
  });
  if (doc.swagger !== undefined) {
    if (typeof doc.swagger !== 'string') return notString('swagger', '2.0');
    return doc.swagger === '2.0' ? { ok: true, version: '2.0' } : { ok: false, problem: { pointer: '/swagger', message: `unsupported Swagger version ${doc.swagger}` } };
  }
  if (doc.openapi !== undefined && typeof doc.openapi !== 'string') return notString('openapi', '3.0.3');
  if (typeof doc.openapi === 'string') {
    // A pre-release (`3.0.0-rc2`) is read as its release, as the schemas read it. 3.2 (September 2025) is 3.1 plus
    // fields: the upgrade to the 3.1 shape leaves it as it is (path-items.ts reads them).
    const release = /^3\.([012])\.\d+(?:-.+)?$/.exec(doc.openapi);
    if (release) return { ok: true, version: `3.${release[1]}` as SpecVersion };
    const latest = LATEST_RELEASES.get(doc.openapi);
    if (latest) return { ok: false, problem: { pointer: '/openapi', message: `OpenAPI version "${doc.openapi}" names no release: write it in full, such as "${latest}"` } };
    return { ok: false, problem: { pointer: '/openapi', message: `unsupported OpenAPI version ${doc.openapi}` } };
  }
  return { ok: false, problem: { pointer: '', message: "not an OpenAPI or Swagger document: no 'openapi' or 'swagger' field" } };
}

function describeValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${v}`;
  return v === null ? 'empty' : Array.isArray(v) ? 'a list' : 'a map';
}

/** Maps pointers into bundled files back to the file they came from, and names those files in messages. */
function locate(problems: SpecProblem[], files: string[]): SpecProblem[] {
  const prefix = new RegExp(`^/${BUNDLE_KEY}/(\\d+)(.*)$`);
  return problems.map((p) => {
    const m = prefix.exec(p.pointer);
    const file = m ? files[Number(m[1]) + 1] : undefined;
    const named = { ...p, message: nameBundledRefs(p.message, files, file ?? p.file ?? files[0]) };
    return m && file ? { ...named, pointer: m[2], file } : named;
  });
}

function dedupe(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file ?? ''}|${p.pointer}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
