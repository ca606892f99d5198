/**
 * The sentence a form shows for an API error in the one shape, `{ error: { code, message, details? } }`.
 * A 400 from a schema says only "the request does not match the expected shape"; the field-level `details`
 * (`reason: Too big: expected string to have <=2000 characters`) are what tell the user what to change, so they are
 * appended when they have the `{ path, message }` form. Anything else falls back to the status.
 */
export function apiErrorText(body: unknown, status: number): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : 'http_error';
  const base = typeof error?.message === 'string' && error.message ? error.message : `request failed (${status})`;
  const fields = Array.isArray(error?.details)
    ? error.details
        .filter((d): d is { path?: unknown; message: string } => typeof (d as { message?: unknown })?.message === 'string')
        .slice(0, 5)
        .map((d) => (typeof d.path === 'string' && d.path ? `${d.path}: ${d.message}` : d.message))
    : [];
  return { code, message: fields.length > 0 ? `${base}: ${fields.join('; ')}` : base };
}
