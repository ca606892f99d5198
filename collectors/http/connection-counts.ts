import type { MalformedTally } from '../malformed-tally';
import type { HttpContext } from './http-context';
import type { Http1Stream } from './http1-stream';

/** Adds HTTP/1 streams' malformed and cut-head counts to the run's (at a connection's close, or when a tunnel replaces them). */
export function addStreamCounts(ctx: HttpContext, streams: readonly (Http1Stream | undefined)[]): void {
  for (const stream of streams) if (stream?.malformed) addMalformed(ctx, stream.malformed);
  const cut = (streams[0]?.cutHeads ?? 0) + (streams[1]?.cutHeads ?? 0);
  if (cut > 0) ctx.counters.cutHeads = (ctx.counters.cutHeads ?? 0) + cut;
}

/** Into the run's `malformed`, and by kind with where each was first (HttpContext.countMalformed). */
export function addMalformed(ctx: HttpContext, tally: MalformedTally): void {
  for (const kind of Object.values(tally)) ctx.counters.malformed += kind.count;
  ctx.countMalformed?.(tally);
}
