export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * One signed POST to one webhook. Redirects are not followed: a 3xx is a failed attempt, because following would let
 * the receiver (or whoever took over its name) steer the signed alert at another host, an internal address or a cloud
 * metadata endpoint, and a 301/302/303 would turn the POST into a GET that drops the alert anyway.
 * Errors name the receiver by host only: a webhook URL's path or query is often its credential (a Slack hook's path
 * is its key), and the message is stored on the alert and logged. A URL's `user:password@` is sent as Basic
 * authorization, as curl does: fetch refuses such a URL, and until 6 Dec its refusal, quoting the URL, password
 * included, was the error stored on every alert and logged.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<void> {
  const host = receiverHost(url);
  const target = withoutUserinfo(url, headers);
  let res: Response;
  try {
    res = await fetchImpl(target.url, { method: 'POST', headers: target.headers, body, redirect: 'manual', signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
  } catch (err) {
    throw new WebhookError(`${host}: ${failureReason(err, [url, target.url, URL.canParse(url) ? new URL(url).href : url])}`);
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

function withoutUserinfo(url: string, headers: Record<string, string>): { url: string; headers: Record<string, string> } {
  if (!URL.canParse(url)) return { url, headers };
  const u = new URL(url);
  if (u.username === '' && u.password === '') return { url, headers };
  const basic = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.href, headers: { ...headers, authorization: `Basic ${basic}` } };
}

/**
 * fetch only says "fetch failed"; the cause (ECONNREFUSED, ENOTFOUND, a timeout) is what an operator needs. A message
 * that quotes the URL (fetch's refusals do) has it replaced by `<url>`.
 */
function failureReason(err: unknown, urls: string[]): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  if (e.cause?.code) return e.cause.code;
  let reason = e.cause?.message ?? e.message ?? 'request failed';
  for (const url of urls) reason = reason.split(url).join('<url>');
  return reason;
}
