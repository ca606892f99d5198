/**
 * The path items of a `paths` object. Only keys that begin with `/` are paths (OpenAPI 3 §4.8.8, Swagger 2.0
 * §Paths Object); `x-…` keys are extensions whose content is anyone's, so an operation-shaped value there is not
 * an operation of the API.
 */
export function pathItems(paths: unknown): Array<[path: string, item: Record<string, unknown>]> {
  if (paths === null || typeof paths !== 'object' || Array.isArray(paths)) return [];
  const out: Array<[string, Record<string, unknown>]> = [];
  for (const [path, item] of Object.entries(paths)) {
    if (path.startsWith('/') && item !== null && typeof item === 'object' && !Array.isArray(item)) out.push([path, item as Record<string, unknown>]);
  }
  return out;
}
