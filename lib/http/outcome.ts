import { HttpError } from './errors';

/** Data-access functions report expected failures as values; this maps them onto the one error shape. */
export function outcomeError(o: { status: 'not-found' | 'forbidden' | 'invalid'; message: string }): HttpError {
  if (o.status === 'not-found') return new HttpError(404, 'not_found', o.message);
  if (o.status === 'forbidden') return new HttpError(403, 'forbidden', o.message);
  return new HttpError(422, 'invalid', o.message);
}
