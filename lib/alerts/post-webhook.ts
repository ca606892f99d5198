/**
 * One signed POST to one webhook. Redirects are not followed: a 3xx is a failed attempt, because following would let
 * the receiver (or whoever took over its name) steer the signed alert at another host, an internal address or a cloud
 * metadata endpoint, and a 301/302/303 would turn the POST into a GET that drops the alert anyway.
 */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<void> {
  const res = await fetchImpl(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  // The body is not needed; draining it frees the connection for the next alert.
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 300 && res.status < 400) throw new Error(`${url} answered ${res.status} (redirect not followed)`);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}
