import NextAuth, { type NextAuthOptions } from 'next-auth';
import { HttpError } from '../http/errors';
import { readBodyLimited } from '../http/read-body';
import { respondToError } from '../http/respond';
import { readCookies } from './session-cookie';

/**
 * Sign-in, sign-out and CSRF forms are a few hundred bytes; anyone may post to /api/auth, so a body is read up to
 * this and refused past it (413) instead of being buffered whole, as req.text() and req.json() would.
 */
const MAX_AUTH_BODY_BYTES = 64 * 1024;

/**
 * /api/auth/* through next-auth's Node handler, fed from the Request itself. next-auth's App Router handler reads
 * cookies through Next's request context, where Lantern could not drop a callback URL that would make next-auth
 * answer 500 before it asks our options (its config check takes any URL it cannot parse as a server
 * misconfiguration); reading the Request also lets tests call this route like any other.
 */
export async function handleNextAuth(req: Request, nextauth: string[], options: NextAuthOptions): Promise<Response> {
  const url = new URL(req.url);
  const query: Record<string, string | string[]> = { ...Object.fromEntries(url.searchParams), nextauth };
  const cookies = readCookies(req);
  if (typeof query.callbackUrl === 'string' && !isHttpUrl(query.callbackUrl)) delete query.callbackUrl;
  const dropped = CALLBACK_COOKIES.filter((name) => name in cookies && !isHttpUrl(cookies[name]));
  for (const name of dropped) delete cookies[name];
  let body: Record<string, string> | undefined;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof HttpError) return respondToError(err);
    throw err;
  }
  const out = new NodeStyleResponse();
  const nodeReq = { method: req.method, query, cookies, headers: Object.fromEntries(req.headers), body };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: NextAuthOptions) => Promise<void>)(nodeReq, out, options);
  const response = out.toResponse();
  // Unless next-auth replaced it, the browser would send the dropped cookie on every request.
  const replaced = response.headers.getSetCookie().map((c) => c.slice(0, c.indexOf('=')));
  for (const name of dropped.filter((n) => !replaced.includes(n))) {
    response.headers.append('set-cookie', `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith('__Secure-') ? '; Secure' : ''}`);
  }
  return response;
}

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

/** next-auth's own test (lib/assert isValidHttpUrl): absolute http(s), or a path starting with `/`. */
function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith('/') ? 'http://localhost' : undefined).protocol);
  } catch {
    return false;
  }
}

/** The two body forms next-auth's clients send (its own App Router handler reads the same). */
async function readBody(req: Request): Promise<Record<string, string> | undefined> {
  if (req.method !== 'POST') return undefined;
  const type = req.headers.get('content-type') ?? '';
  const json = type.includes('application/json');
  if (!json && !type.includes('application/x-www-form-urlencoded')) return undefined;
  const text = new TextDecoder().decode(await readBodyLimited(req, MAX_AUTH_BODY_BYTES));
  if (!json) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as Record<string, string> | undefined;
  } catch {
    return undefined;
  }
}

/** The part of Node's ServerResponse next-auth's handler writes to, collected into a web Response. */
class NodeStyleResponse {
  private code = 200;
  private readonly headers = new Headers();
  private body: BodyInit | null = null;

  status(code: number) {
    this.code = code;
    return this;
  }
  getHeader(name: string): string[] | string | undefined {
    return name.toLowerCase() === 'set-cookie' ? this.headers.getSetCookie() : (this.headers.get(name) ?? undefined);
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.delete(name);
    for (const v of [value].flat()) this.headers.append(name, v);
    return this;
  }
  end() {}
  send(body: unknown) {
    if (typeof body === 'string' || body === undefined) this.body = body ?? null;
    else this.json(body);
  }
  json(body: unknown) {
    this.headers.set('content-type', 'application/json');
    this.body = JSON.stringify(body);
  }
  toResponse(): Response {
    return new Response(this.body, { status: this.code, headers: this.headers });
  }
}
