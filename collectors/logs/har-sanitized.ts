import { get, isObject, str, type JsonObject } from './json-record';

/** The request and response headers Chrome's sanitized export removes (devtools-frontend models/har/Log.ts). */
const REMOVED_REQUEST_HEADERS = new Set(['authorization', 'cookie']);
const REMOVED_RESPONSE_HEADERS = new Set(['set-cookie']);

/**
 * Whether a HAR is Chrome's (or Edge's) default export, 'Export HAR (sanitized)' since Chrome 130: it drops every
 * `Authorization`, `Cookie` and `Set-Cookie` header and empties both cookie arrays, and says so nowhere. Only the
 * footprint tells: DevTools wrote it (`creator.name` WebInspector) and no entry has any of them. A session or bearer
 * token is then unseen, not absent: read as sent, every request of a signed-in user was `none`, unauthenticated. A
 * Chrome HAR of a site that really set no cookie and sent no Authorization loses only its `none`s, which are unknown
 * instead: never a call said to be unauthenticated that was not.
 */
export function isSanitizedChromeHar(doc: JsonObject): boolean {
  if (str(get(doc, 'log.creator.name')) !== 'WebInspector') return false;
  const entries = get(doc, 'log.entries');
  if (!Array.isArray(entries)) return false;
  return entries.every((entry) => {
    if (!isObject(entry)) return true;
    const { request, response } = entry;
    return !carries(request, REMOVED_REQUEST_HEADERS) && !carries(response, REMOVED_RESPONSE_HEADERS);
  });
}

function carries(message: unknown, names: ReadonlySet<string>): boolean {
  if (!isObject(message)) return false;
  if (Array.isArray(message.cookies) && message.cookies.length > 0) return true;
  return Array.isArray(message.headers) && message.headers.some((h) => isObject(h) && typeof h.name === 'string' && names.has(h.name.toLowerCase()));
}
