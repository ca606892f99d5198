import type { z } from 'zod';
import { badRequest } from './errors';

const MAX_JSON_BYTES = 1_000_000;

/** Parses a JSON body against a schema; a ZodError becomes a 400 with the path of each problem. */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_JSON_BYTES) throw badRequest(`body larger than ${MAX_JSON_BYTES} bytes`);
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw badRequest('body is not valid JSON');
  }
  return schema.parse(body);
}

/** Parses URL query parameters (single values) against a schema. */
export function parseSearchParams<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  return schema.parse(params);
}
