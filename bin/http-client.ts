/**
 * The small fetch wrapper behind every `--server URL --token T` command: bearer token, JSON in and out, and the
 * API's one error shape (`{ error: { code, message, details? } }`) turned into a value instead of an exception.
 * Transport failures come back as status 0 with code `unreachable`, so callers decide whether to retry.
 */
export interface HttpError {
  code: string;
  message: string;
  details?: unknown;
}

export type HttpResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: HttpError };

export interface RequestOptions {
  json?: unknown;
  /** Raw body (a spec document, a gzip batch); `contentType` says what it is. */
  body?: string | Uint8Array;
  contentType?: string;
  query?: Record<string, string | undefined>;
  headers?: Record<string, string>;
  /** Give up after this long (an answer that never comes counts as unreachable). */
  timeoutMs?: number;
  /** Whether a 2xx body is the answer the caller reads (`answer-shapes.ts`); one that is not is a `not_lantern` failure. */
  accepts?: (body: unknown) => boolean;
}

export interface LanternHttpClient {
  readonly server: string;
  request<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<HttpResult<T>>;
}

export function createHttpClient(opts: { server: string; token: string; fetch?: typeof fetch }): LanternHttpClient {
  const server = opts.server.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return {
    server,
    async request<T>(method: string, path: string, o: RequestOptions = {}): Promise<HttpResult<T>> {
      const url = new URL(`${server}${path}`);
      for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, accept: 'application/json', ...o.headers };
      let body: string | Uint8Array | undefined = o.body;
      if (o.json !== undefined) {
        body = JSON.stringify(o.json);
        headers['content-type'] = 'application/json';
      } else if (o.contentType) headers['content-type'] = o.contentType;
      let res: Response;
      let text: string;
      try {
        res = await doFetch(url, { method, headers, body: body as BodyInit | undefined, ...(o.timeoutMs ? { signal: AbortSignal.timeout(o.timeoutMs) } : {}) });
        // Inside the try: a timeout can also strike while the body is read.
        text = await res.text();
      } catch (err) {
        return { ok: false, status: 0, error: { code: 'unreachable', message: `${url.origin}: ${transportFailure(err)}` } };
      }
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (res.ok && text !== '' && parsed === undefined) {
        // A page where JSON was due (a catch-all, a sign-in portal in front of Lantern): handed on as the answer until
        // 6 Dec, and the command ended on "Cannot read properties of undefined".
        const type = res.headers.get('content-type')?.split(';')[0] ?? 'no content type';
        return { ok: false, status: res.status, error: { code: 'not_lantern', message: `${server} answered with no JSON (${type}): not Lantern's API at this address (check --server)` } };
      }
      if (res.ok && o.accepts && !o.accepts(parsed)) {
        // JSON, but not the answer (another service's API, a stub's `{}`): until 6 Dec read as it, and the command
        // ended on a TypeError ("r.offenders is not iterable"), or `inventory --json` printed it, exit 0.
        return { ok: false, status: res.status, error: { code: 'not_lantern', message: `${server} answered ${path} with JSON that is not Lantern's answer: not Lantern's API at this address, or a Lantern of another version (check --server)` } };
      }
      if (res.ok) return { ok: true, status: res.status, body: parsed as T };
      const error = (parsed as { error?: HttpError } | undefined)?.error;
      return { ok: false, status: res.status, error: error ?? { code: `http_${res.status}`, message: text.slice(0, 200) || res.statusText } };
    },
  };
}

/** fetch says only "fetch failed"; its cause (connect ECONNREFUSED …, getaddrinfo ENOTFOUND …) is what a user can act on. */
export function transportFailure(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return e.cause?.message || e.message || 'request failed';
}

/** A failed request in one line: the server's status and error code, or that it could not be reached and why. */
export function describeHttpFailure(res: { status: number; error: HttpError }): string {
  return res.status ? `${res.status} ${res.error.code}: ${res.error.message}` : `server unreachable: ${res.error.message}`;
}
