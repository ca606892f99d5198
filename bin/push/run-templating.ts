import type { TemplatingContext } from '../../lib/discovery/templating-context';
import type { Exchange } from '../../lib/exchange';
import { createChunkedAggregator } from '../../lib/inventory/chunked-aggregator';
import { readServerTemplatingContext, serverTemplatingContext, storedSpecsAndOverrides } from './templating-source';

/**
 * What a run templates with: the server's (or, without --server, the database's) specs and overrides, then its own
 * --spec files and --override file (read and checked by the caller). A run that sends in chunks (--follow, `push -`) reads the server's part again as
 * often as it flushes, and the chunks after a change are templated with it, the run's memory started over (as the
 * OTLP receiver's is, lib/inventory/chunked-aggregator.ts). Read once at the start, a collector following for weeks
 * never learnt a spec pushed meanwhile (nor any spec, when the server was down as it started): four documented
 * carriers with a request each went on coming out as one shadow `/carriers/{carrierId}/labels` no operation matches.
 * A read that fails keeps what the run has.
 */
export async function runTemplating(opts: { server?: string; token?: string; local: TemplatingContext; everyMs: number; log: (m: string) => void }) {
  const read = async (): Promise<TemplatingContext | undefined> => {
    if (!opts.server) return storedSpecsAndOverrides().catch(() => undefined);
    const context = await readServerTemplatingContext(opts.server, opts.token!).catch(() => 'unreachable');
    return typeof context === 'string' ? undefined : context;
  };
  let stored = opts.server ? await serverTemplatingContext(opts.server, opts.token!, opts.log) : await storedSpecsAndOverrides();
  const local = opts.local;
  let seen = JSON.stringify(stored);
  let version = 0;
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    const next = await read();
    if (!next || timer === undefined || JSON.stringify(next) === seen) return;
    [stored, seen] = [next, JSON.stringify(next)];
    version++;
    opts.log(`the ${opts.server ? "server's" : "database's"} specs or overrides changed: the next chunks are templated with them`);
  };
  const current = () => ({ specs: [...stored.specs, ...local.specs], overrides: [...stored.overrides, ...local.overrides], maxBatchBytes: stored.maxBatchBytes });
  return {
    current,
    /** A chunked aggregator that takes up the context read last, at the first chunk after it changed. */
    chunkedAggregator(defaultHost?: string) {
      timer ??= setInterval(() => void refresh(), opts.everyMs).unref();
      let made = version;
      let inner = createChunkedAggregator({ ...current(), defaultHost });
      return {
        add: (ex: Exchange) => inner.add(ex),
        get exchanges() {
          return inner.exchanges;
        },
        take(now?: Date) {
          const taken = inner.take(now);
          if (made !== version) [made, inner] = [version, createChunkedAggregator({ ...current(), defaultHost })];
          return taken;
        },
      };
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
