import { gzipSync } from 'node:zlib';
import type { IngestBatch } from '../../lib/inventory/observation';

export type SendOutcome =
  | { ok: true; status: 'applied' | 'duplicate' }
  | { ok: false; retryable: boolean; retryAfterMs?: number; message: string; refusedCredentials?: boolean };

/**
 * One POST of one batch, gzipped. 429/5xx/network errors are retryable; 401/403 mean the token is wrong (the batch
 * is fine and must be kept); other 4xx mean the batch itself is refused.
 */
export async function sendBatch(server: string, token: string, batch: IngestBatch): Promise<SendOutcome> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/ingest', server), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(batch)),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    return { ok: false, retryable: true, message: `server unreachable: ${(err as Error).cause ?? (err as Error).message}` };
  }
  const body = (await res.json().catch(() => ({}))) as { status?: string; error?: { message?: string } };
  if (res.ok) return { ok: true, status: body.status === 'duplicate' ? 'duplicate' : 'applied' };
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    ok: false,
    refusedCredentials: res.status === 401 || res.status === 403,
    retryable: res.status === 429 || res.status >= 500,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    message: `${res.status} ${body.error?.message ?? res.statusText}`,
  };
}
