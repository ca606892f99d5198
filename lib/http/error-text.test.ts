import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { apiErrorText } from './error-text';
import { errorResponse, respondToError } from './respond';

/** The body a real route answers when its schema refuses the input. */
async function schemaRefusal(schema: z.ZodType, input: unknown): Promise<{ body: unknown; status: number }> {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a refusal');
  const res = respondToError(parsed.error);
  return { body: await res.json(), status: res.status };
}

describe('apiErrorText', () => {
  test('a schema refusal names the field and the limit, not only "does not match the expected shape"', async () => {
    const { body, status } = await schemaRefusal(z.object({ reason: z.string().max(2000) }), { reason: 'x'.repeat(2001) });
    expect(apiErrorText(body, status)).toEqual({
      code: 'invalid_request',
      message: 'the request does not match the expected shape: reason: Too big: expected string to have <=2000 characters',
    });
  });

  test('an error without field details reads as its message; a body that is not the shape falls back to the status', async () => {
    const res = errorResponse(403, 'forbidden', 'that API belongs to another team');
    expect(apiErrorText(await res.json(), 403)).toEqual({ code: 'forbidden', message: 'that API belongs to another team' });
    expect(apiErrorText(null, 502)).toEqual({ code: 'http_error', message: 'request failed (502)' });
    expect(apiErrorText({ error: { code: 'x', message: 'm', details: { not: 'a list' } } }, 400).message).toBe('m');
  });
});
