import type { z } from 'zod';

/**
 * A dashboard's reading of its own URL: a parameter that does not parse (a hand-edited `page=0`, a stale `kind=`
 * value) is dropped on its own, so the valid parameters beside it still apply. Refusing the whole query instead showed
 * the unfiltered view under a URL that still claimed the filter. The API keeps refusing bad input with a 422; this is
 * only for links people type, share and bookmark.
 */
export function parseLeniently<S extends z.ZodObject>(schema: S, raw: Record<string, string | undefined>): z.infer<S> {
  const params = { ...raw };
  for (;;) {
    const parsed = schema.safeParse(params);
    if (parsed.success) return parsed.data;
    const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    const before = Object.keys(params).length;
    for (const key of bad) delete params[key];
    // Every issue names a field of the object schema, so each pass removes at least one key; this guards the loop anyway.
    if (Object.keys(params).length === before) return schema.parse({});
  }
}
