import { z } from 'zod';

/**
 * The normalised operation model every consumer (matcher, classifier, inventory) reads: OpenAPI 3.0,
 * 3.1, 3.2 and Swagger 2.0 all end up here, with `$ref`s resolved and server/base-path handling done once.
 */

export const specVersionSchema = z.enum(['2.0', '3.0', '3.1', '3.2']);
export type SpecVersion = z.infer<typeof specVersionSchema>;

export const specProblemSchema = z.object({
  /** RFC 6901 JSON pointer into the entry document (`''` for the document itself). */
  pointer: z.string(),
  message: z.string(),
  /** The file the pointer refers to when it is not the entry document. */
  file: z.string().optional(),
});
export type SpecProblem = z.infer<typeof specProblemSchema>;

export const serverSchema = z.object({
  /** Lower-cased `host[:port]`; absent for relative server URLs (`/api/v1`), which match any host. */
  host: z.string().optional(),
  /** Base path without trailing slash: `''`, `/v1`, `/api/rest_v1`. */
  basePath: z.string(),
});
export type SpecServer = z.infer<typeof serverSchema>;

export const securityRequirementSchema = z.object({
  /** Scheme name → scopes required (OAuth2/OIDC; empty for apiKey/http). One requirement = AND of its schemes. */
  schemes: z.record(z.string(), z.array(z.string())),
});

export const securitySchemeSchema = z.object({
  type: z.string(),
  /** `header | query | cookie` for apiKey schemes. */
  in: z.string().optional(),
  name: z.string().optional(),
  /** `bearer | basic | …` for http schemes. */
  scheme: z.string().optional(),
});
export type SecurityScheme = z.infer<typeof securitySchemeSchema>;

export const parameterSchema = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean(),
  /** JSON-schema type and format of the parameter, when it has a simple schema. */
  type: z.string().optional(),
  format: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  pattern: z.string().optional(),
  example: z.unknown().optional(),
});
export type SpecParameter = z.infer<typeof parameterSchema>;

export const operationSchema = z.object({
  method: z.string(),
  /** The path template as written in the spec (without base path): `/users/{id}`. */
  path: z.string(),
  operationId: z.string().optional(),
  summary: z.string().optional(),
  /** `deprecated: true`, or `x-lifecycle`/`x-status`… `retired|sunset|…` on the operation or its path item. */
  deprecated: z.boolean(),
  /** ISO date from `x-sunset`/`x-deprecation-date` on the operation or its path item. */
  sunset: z.string().optional(),
  parameters: z.array(parameterSchema),
  /** Declared response codes: `200`, `4XX`, `default`. */
  responses: z.array(z.string()),
  /** Alternatives (OR); `[]` means no security; a requirement with no schemes means anonymous is allowed. */
  security: z.array(securityRequirementSchema),
  /** Path parameters that may span several segments (`{+path}`, `x-multi-segment`). */
  multiSegment: z.array(z.string()),
  owner: z.string().optional(),
  /** Path- or operation-level `servers`, when they override the document's (OpenAPI 3 §4.8.9). */
  servers: z.array(serverSchema).optional(),
});
export type SpecOperation = z.infer<typeof operationSchema>;

export const normalisedSpecSchema = z.object({
  /** Caller-chosen id (usually the file name) so findings can say which spec an operation came from. */
  id: z.string(),
  version: specVersionSchema,
  title: z.string(),
  apiVersion: z.string(),
  servers: z.array(serverSchema),
  /** `group:default/<team>` style entity reference, from `x-owner` or `info.contact`. */
  owner: z.string().optional(),
  /** The API as a whole is retired (`x-lifecycle`/`x-api-status: retired`) or its sunset has passed. */
  retired: z.boolean(),
  /** The API as a whole is deprecated (`info.x-status: deprecated`…): every operation is marked deprecated too. */
  deprecated: z.boolean().optional(),
  sunset: z.string().optional(),
  securitySchemes: z.record(z.string(), securitySchemeSchema),
  operations: z.array(operationSchema),
});
export type NormalisedSpec = z.infer<typeof normalisedSpecSchema>;

export type LoadSpecResult = { ok: true; spec: NormalisedSpec; warnings: SpecProblem[] } | { ok: false; problems: SpecProblem[] };

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
