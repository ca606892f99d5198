import { ZodError } from 'zod';
import { HttpError } from './errors';

/** The one error shape: `{ error: { code, message, details? } }`. */
export function errorResponse(status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) {
  return Response.json({ error: details === undefined ? { code, message } : { code, message, details } }, { status, headers });
}

/** Maps anything a handler threw to a response; unknown errors are logged and hidden behind a generic 500. */
export function respondToError(err: unknown): Response {
  if (err instanceof HttpError) return errorResponse(err.status, err.code, err.message, err.details, err.headers);
  if (err instanceof ZodError) {
    // A strict schema's unknown fields are one issue at their object: each is named at its own path instead.
    const details = err.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: 'unknown field' })) : [{ path: i.path.join('.'), message: i.message }]));
    return errorResponse(400, 'invalid_request', 'the request does not match the expected shape', details);
  }
  const code = (err as { code?: unknown })?.code;
  if (code === 'P2002') return errorResponse(409, 'conflict', 'that already exists');
  if (code === 'P2025') return errorResponse(404, 'not_found', 'not found');
  console.error('[lantern] unhandled error in route handler:', err);
  return errorResponse(500, 'internal', 'something went wrong on our side');
}
