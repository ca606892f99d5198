import { gzipSync } from 'node:zlib';
import { CLOCK_AHEAD_ALLOWANCE_MS, timeAheadOf, type IngestBatch } from '../../lib/inventory/observation';
import { transportFailure } from '../http-client';

export type SendOutcome =
  | { ok: true; status: 'applied' | 'duplicate' }
  | { ok: false; retryable: boolean; retryAfterMs?: number; message: string; keepSpooled?: boolean; overLimit?: boolean };

/**
 * One POST of one batch, gzipped. 429/408/5xx/network errors are retryable. Only 400, 413 and 422 say something
 * about the batch itself (Lantern parsed it, or measured it, and refused it; a 413 in no Lantern error shape is a
 * proxy's). Every other answer — 401/403 (a wrong
 * token), a 404 or 405 (--server names something that is not Lantern, or a path prefix is missing), a redirect —
 * says the address or the token is wrong, so the batch must be kept (`keepSpooled`). Redirects are not followed:
 * fetch turns a POST redirected by 301/302 into a GET, which Lantern answers 405, and the batch was dropped.
 */
export async function sendBatch(server: string, token: string, batch: IngestBatch): Promise<SendOutcome> {
  let res: Response;
  const url = new URL('/api/ingest', server);
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(batch)),
      redirect: 'manual',
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    return { ok: false, retryable: true, message: `server unreachable: ${url.origin}: ${transportFailure(err)}` };
  }
  const body = (await res.json().catch(() => ({}))) as { status?: string; error?: { code?: unknown; message?: string; details?: unknown } };
  if (res.ok) {
    if (body.status === 'applied' || body.status === 'duplicate') return { ok: true, status: body.status };
    // Any 2xx was taken as applied until 6 Dec: a --server answering every path 200 (a catch-all page, a sign-in
    // portal) had each batch deleted from the spool, its traffic counted nowhere.
    return { ok: false, keepSpooled: true, retryable: false, message: `${res.status} ${res.statusText}: not Lantern's answer (no ingest status in it): no Lantern ingest API at this address (check --server)` };
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  const clocks = res.status === 400 ? serverClockBehind(res, batch) : undefined;
  // A reverse proxy's own 413 (nginx's 1 MiB default) says nothing of the batch Lantern would take: kept spooled.
  const proxyLimit = res.status === 413 && typeof body.error?.code !== 'string';
  const aboutTheBatch = (res.status === 400 && !clocks) || (res.status === 413 && !proxyLimit) || res.status === 422;
  return {
    ok: false,
    keepSpooled: !retryable && !aboutTheBatch,
    retryable,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
    overLimit: res.status === 413 && !proxyLimit,
    message: `${res.status} ${body.error?.message ?? res.statusText}${detailsOf(body.error?.details)}${clocks ?? (proxyLimit ? proxyRefusal(res) : whyKept(res))}`,
  };
}

/**
 * A batch ahead of the server's clock (its Date header) while that clock is more than a day behind this collector's:
 * the server's clock may be the wrong one (a VM restored from a snapshot), and every fresh batch was set aside for
 * good. Kept spooled, saying so; once the clocks agree again a batch still refused is about the batch (a collector
 * clock that ran ahead) and set aside.
 */
function serverClockBehind(res: Response, batch: IngestBatch): string | undefined {
  const server = Date.parse(res.headers.get('date') ?? '');
  const now = Date.now();
  if (!Number.isFinite(server) || now - server <= CLOCK_AHEAD_ALLOWANCE_MS || !timeAheadOf(batch, new Date(server))) return undefined;
  return `: the server's clock (${new Date(server).toISOString()}) is more than a day behind this collector's (${new Date(now).toISOString()}); set the wrong one right`;
}

const SHOWN_DETAILS = 5;

/**
 * What the server said of each field it refused (`{ path, message }`, lib/http/respond.ts): the headline alone
 * (`the request does not match the expected shape`) left a refused batch's reason, and its remedy, unknown.
 */
function detailsOf(details: unknown): string {
  if (!Array.isArray(details)) return '';
  const named = details
    .filter((d): d is { path: unknown; message: unknown } => typeof d === 'object' && d !== null)
    .map((d) => (typeof d.path === 'string' && d.path !== '' ? `${d.path}: ${String(d.message)}` : String(d.message)));
  if (named.length === 0) return '';
  const more = named.length > SHOWN_DETAILS ? `; and ${named.length - SHOWN_DETAILS} more` : '';
  return ` (${named.slice(0, SHOWN_DETAILS).join('; ')}${more})`;
}

function proxyRefusal(res: Response): string {
  const server = res.headers.get('server');
  return `: not Lantern's answer${server ? ` (${server})` : ''}: a proxy in front of it refuses a body this large; raise its limit (nginx: client_max_body_size)`;
}

function whyKept(res: Response): string {
  if (res.status === 401 || res.status === 403) return ': the server refused the token';
  if (res.status >= 300 && res.status < 400) return `: the server redirects to ${res.headers.get('location') ?? '(no location)'}; give that address as --server`;
  if (res.status === 404 || res.status === 405) return ': no Lantern ingest API at this address (check --server)';
  return '';
}
