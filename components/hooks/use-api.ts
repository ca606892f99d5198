import type { z } from 'zod';
import { apiErrorText } from '@/lib/http/error-text';

/** An API error in the one shape every route returns: `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GETs JSON from our API and validates it, so a server/client mismatch fails loudly instead of rendering junk. */
export async function fetchJson<S extends z.ZodType>(url: string, schema: S, init?: RequestInit): Promise<z.infer<S>> {
  const res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = apiErrorText(body, res.status);
    throw new ApiError(res.status, err.code, err.message);
  }
  return schema.parse(body);
}

/** Sends JSON to our API (POST/PATCH/DELETE) and returns the JSON answer, or throws ApiError with the server's message. */
export async function sendJson<T = unknown>(url: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = apiErrorText(json, res.status);
    throw new ApiError(res.status, err.code, err.message);
  }
  return json as T;
}
