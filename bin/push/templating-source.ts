import { templatingContextSchema, type TemplatingContext } from '../../lib/discovery/templating-context';
import { createHttpClient, describeHttpFailure } from '../http-client';

/** Where a collector's templating context comes from: the server it pushes to, or the database it writes. */

/**
 * A server that cannot say (unreachable now, older than this endpoint) leaves templating blind, with a warning:
 * the batches are still right, only documented paths may come out otherwise than the server would template them.
 */
export async function serverTemplatingContext(server: string, token: string, warn: (m: string) => void): Promise<TemplatingContext> {
  const read = await readServerTemplatingContext(server, token);
  if (typeof read !== 'string') return read;
  warn(`warning: the server's specs and overrides could not be read (${read}); templating without them`);
  return { specs: [], overrides: [] };
}

/** The server's context, or why it could not be read. */
export async function readServerTemplatingContext(server: string, token: string): Promise<TemplatingContext | string> {
  const res = await createHttpClient({ server, token }).request<unknown>('GET', '/api/ingest/templating', { timeoutMs: 30_000 });
  const parsed = res.ok ? templatingContextSchema.safeParse(res.body) : undefined;
  if (parsed?.success) return parsed.data;
  return res.ok ? 'unexpected answer' : res.status ? `${res.status} ${res.error.message}` : describeHttpFailure(res);
}

export async function storedSpecsAndOverrides(): Promise<TemplatingContext> {
  const { storedTemplatingContext } = await import('../../lib/db/templating-context');
  const { specs, overrides } = await storedTemplatingContext();
  return { specs, overrides };
}
