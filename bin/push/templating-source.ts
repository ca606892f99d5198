import { templatingContextSchema, type TemplatingContext } from '../../lib/discovery/templating-context';
import { createHttpClient } from '../http-client';

/** Where a collector's templating context comes from: the server it pushes to, or the database it writes. */

/**
 * A server that cannot say (unreachable now, older than this endpoint) leaves templating blind, with a warning:
 * the batches are still right, only documented paths may come out otherwise than the server would template them.
 */
export async function serverTemplatingContext(server: string, token: string, warn: (m: string) => void): Promise<TemplatingContext> {
  const res = await createHttpClient({ server, token }).request<unknown>('GET', '/api/ingest/templating', { timeoutMs: 30_000 });
  const parsed = res.ok ? templatingContextSchema.safeParse(res.body) : undefined;
  if (parsed?.success) return parsed.data;
  warn(`warning: the server's specs and overrides could not be read (${res.ok ? 'unexpected answer' : `${res.status} ${res.error.message}`}); templating without them`);
  return { specs: [], overrides: [] };
}

export async function storedSpecsAndOverrides() {
  const { storedTemplatingContext } = await import('../../lib/db/templating-context');
  return storedTemplatingContext();
}
