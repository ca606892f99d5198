import type { z } from 'zod';
import { firstNulPointer } from '../nul-pointer';
import { describeJsonError } from '../security/json-syntax-error';
import { badRequest, HttpError } from './errors';
import { readBodyLimited } from './read-body';

export const MAX_JSON_BYTES = 1_000_000;

/**
 * Parses a JSON body against a schema; a ZodError becomes a 400 with the path of each problem. The body is read
 * through the limit whether or not it declares its length (a chunked upload has none): past it, a 413 and the rest
 * is never read.
 */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const body = parseJsonBytes(await readBodyLimited(req, MAX_JSON_BYTES));
  // PostgreSQL stores U+0000 in no text column: a note or name holding one would fail its write with a 500.
  const nul = firstNulPointer(body);
  if (nul !== undefined) throw badRequest('body holds the character U+0000 (NUL), which cannot be stored', { pointer: nul });
  return schema.parse(body);
}

/**
 * A request body's JSON, or a 400 saying where it stops being JSON (line and column, never the text: a batch or a
 * spec carries credentials). Until 6 Dec a collector's refused batch said only 'body is not valid JSON'.
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  // TextDecoder drops a leading byte order mark, as req.json() did.
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`body is not valid JSON (${describeJsonError(text)})`);
  }
}

/**
 * Parses URL query parameters (single values) against a schema. A `%00` is refused here for every route and
 * parameter, before any schema: PostgreSQL takes U+0000 in no text parameter, so a filter that reached a query with
 * one was a 500 (`/api/exports/openapi?host=%00`), and no stored value holds one to be found by it.
 */
export function parseSearchParams<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  const withNul = Object.keys(params).filter((name) => name.includes('\0') || params[name].includes('\0'));
  if (withNul.length > 0) {
    // The shape of a schema refusal (respond.ts), so a client reads one kind of 400 whichever check caught it.
    throw new HttpError(400, 'invalid_request', 'the request does not match the expected shape', withNul.map((name) => ({ path: name.replaceAll('\0', '%00'), message: 'must not contain NUL characters' })));
  }
  return schema.parse(params);
}
