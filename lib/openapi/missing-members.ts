import { resolvePointer } from './json-pointer';

/**
 * What the validator's prettifier keeps of a Response or Parameter Object missing a member it must have: only
 * `oneOf must match exactly one schema in oneOf` (the object, or a Reference Object), the `required` errors that
 * name the member dropped. Seen on every spec with a response without its description. The member is named again
 * here for the objects every version requires members of; anything else keeps the validator's words.
 */
const REQUIRED_MEMBERS: Array<{ at: RegExp; members: string[] }> = [
  { at: /\/responses\/[^/]+$/, members: ['description'] },
  { at: /(?:\/parameters\/\d+|^\/components\/parameters\/[^/]+|^\/parameters\/[^/]+)$/, members: ['name', 'in'] },
];

export function missingMemberMessage(document: unknown, pointer: string): string | undefined {
  const value = resolvePointer(document, pointer);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || '$ref' in value) return undefined;
  const rule = REQUIRED_MEMBERS.find((r) => r.at.test(pointer));
  if (!rule) return undefined;
  const missing = rule.members.filter((m) => !(m in value)).map((m) => `must have required property '${m}'`);
  // OpenAPI 3: a parameter's type is its schema, or a media type in content (§4.8.12.4); Swagger 2.0 has neither.
  const parameter = rule.members.includes('in') && typeof (document as { openapi?: unknown }).openapi === 'string';
  if (parameter && !('schema' in value) && !('content' in value)) missing.push("must have property 'schema' or 'content'");
  if (parameter && 'schema' in value && 'content' in value) missing.push("must have property 'schema' or 'content', not both");
  return missing.length > 0 ? missing.join('; ') : undefined;
}
