import type { SpecProblem } from './spec-model';

/**
 * `info.version` is required, as a string, by the schema of every version (Swagger 2.0, OpenAPI 3.0 to 3.2), and
 * Swagger Editor and Redocly refuse a document without it. @scalar/openapi-parser 0.24 writes `0.0.1` into its copy
 * of a document whose `info.version` is missing or null before validating it, so such a spec was accepted and
 * registered under a made-up `r1`. Checked here, on the document as written. A number (`version: 1.0` unquoted in
 * YAML) is named as `openapi: 3.0` is (load-spec.ts), with what to write instead.
 */
export function findInfoVersionProblems(doc: Record<string, unknown>, describeValue: (v: unknown) => string): SpecProblem[] {
  const info = doc.info;
  // No info at all is the schema's to say.
  if (info === null || typeof info !== 'object' || Array.isArray(info)) return [];
  if (!('version' in info)) return [{ pointer: '/info', message: "must have required property 'version'" }];
  const version = (info as Record<string, unknown>).version;
  if (typeof version === 'string') return [];
  return [{ pointer: '/info/version', message: `'version' must be a string such as "1.0.0", not ${describeValue(version)}${version === null ? '' : ' (quote it in YAML)'}` }];
}
