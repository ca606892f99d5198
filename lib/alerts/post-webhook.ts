export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * One signed POST to one webhook. Redirects are not followed: a 3xx is a failed attempt, because following would let
 * the receiver (or whoever took over its name) steer the signed alert at another host, an internal address or a cloud
 * metadata endpoint, and a 301/302/303 would turn the POST into a GET that drops the alert anyway.
 * Errors name the receiver by host only: a webhook URL's path or query is often its credential (a Slack hook's path
 * is its key), and the message is stored on the alert and logged.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<void> {
  const host = receiverHost(url);
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  } catch (err) {
    throw new WebhookError(`${host}: ${failureReason(err)}`);
  }
  // The body is not needed; cancelling it frees the connection for the next alert.
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 300 && res.status < 400) throw new WebhookError(`${host} answered ${res.status} (redirect not followed)`);
  if (!res.ok) {
    // 429 and 503 are the answers RFC 9110 pairs with Retry-After; elsewhere the header is not a retry instruction.
    const retryAfter = res.status === 429 || res.status === 503 ? res.headers.get('retry-after') : null;
    throw new WebhookError(`${host} answered ${res.status}${retryAfter ? ` (Retry-After ${retryAfter.slice(0, 40)})` : ''}`, retryAfter);
  }
}

/** A failed attempt; `retryAfter` is the receiver's raw Retry-After header when it asked to be left alone a while. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

function receiverHost(url: string): string {
  try {
    return new URL(url).host || 'webhook';
  } catch {
    return 'webhook (invalid URL)';
  }
}

/** fetch only says "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, a timeout) is what an operator needs. */
function failureReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  if (e.cause?.code) return e.cause.code;
  return e.cause?.message ?? e.message ?? 'request failed';
}
