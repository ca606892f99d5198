import type { PacketSource } from './http/exchange-draft';

/**
 * What a capture's `malformed` counter counts, by kind, each as its warning names it (one, many). The summary said
 * only `malformed 23`: nothing to look for in the capture. Each kind is counted where `malformed` always was, so
 * the kinds add up to it; nothing here runs per packet.
 */
export const MALFORMED_KINDS = {
  linkHeader: ['MPLS or PPPoE header that does not decode', 'MPLS or PPPoE headers that do not decode'],
  ipHeader: ['IP header that does not decode', 'IP headers that do not decode'],
  ipFragment: ['IPv6 fragment that does not decode', 'IPv6 fragments that do not decode'],
  tcpHeader: ['TCP header under 20 bytes', 'TCP headers under 20 bytes'],
  tunnelHeader: ['VXLAN, GENEVE or GRE header that does not decode', 'VXLAN, GENEVE or GRE headers that do not decode'],
  packetTime: ['packet with an impossible time, a damaged record header', 'packets with impossible times, damaged record headers'],
  httpHead: ['HTTP head that does not parse', 'HTTP heads that do not parse'],
  strayBytes: ['run of bytes that start no HTTP message where one should', 'runs of bytes that start no HTTP message where one should'],
  headTooLong: ['HTTP head over 64 KiB', 'HTTP heads over 64 KiB'],
  headOverBudget: ['HTTP head held in pieces past the memory for them', 'HTTP heads held in pieces past the memory for them'],
  chunkLine: ['bad chunked-body line', 'bad chunked-body lines'],
  zeroFill: ['HTTP head ended by zero bytes, damage inside its record', 'HTTP heads ended by zero bytes, damage inside their records'],
  h2Connection: ['h2c connection whose frames were lost track of', 'h2c connections whose frames were lost track of'],
} as const;

export type MalformedKind = keyof typeof MALFORMED_KINDS;

/** How many of a kind, and the first: its packet number (series-wide, as the engine numbers packets) and, once known, its file's own. */
export interface MalformedCount {
  count: number;
  first: number;
  at?: PacketSource;
}

export type MalformedTally = Partial<Record<MalformedKind, MalformedCount>>;

/** Adds `count` of `kind` whose first is packet `first`; `sourceOf` names its file and number there when it is the first. */
export function countMalformed(tally: MalformedTally, kind: MalformedKind, count: number, first: number, sourceOf?: (packet: number) => PacketSource): void {
  const had = tally[kind];
  if (!had) tally[kind] = { count, first, at: sourceOf?.(first) };
  else {
    had.count += count;
    if (first < had.first) Object.assign(had, { first, at: sourceOf?.(first) });
  }
}

/**
 * Both tallies in one: counts summed, the earlier first kept. Parallel workers each count their own flows, and
 * every packet has one number in all of them, so their merge is the one-thread tally.
 */
export function mergeMalformed(a: MalformedTally | undefined, b: MalformedTally | undefined): MalformedTally {
  const out: MalformedTally = {};
  for (const t of [a, b]) {
    if (!t) continue;
    for (const kind of Object.keys(t) as MalformedKind[]) {
      const c = t[kind]!;
      const had = out[kind];
      if (!had || c.first < had.first) out[kind] = { count: c.count + (had?.count ?? 0), first: c.first, at: c.at };
      else had.count += c.count;
    }
  }
  return out;
}

/** `9 HTTP heads that do not parse (the first at packet 4411); 1 … (at packet 7)`: most first, then in capture order. */
export function describeMalformed(tally: MalformedTally, file: string): string {
  const kinds = (Object.keys(tally) as MalformedKind[]).filter((k) => tally[k]!.count > 0);
  kinds.sort((x, y) => tally[y]!.count - tally[x]!.count || tally[x]!.first - tally[y]!.first);
  return kinds
    .map((kind) => {
      const { count, first, at } = tally[kind]!;
      const where = at ? `packet ${at.packet}${at.file === file ? '' : ` of ${at.file}`}` : `packet ${first}`;
      return count === 1 ? `1 ${MALFORMED_KINDS[kind][0]} (at ${where})` : `${count} ${MALFORMED_KINDS[kind][1]} (the first at ${where})`;
    })
    .join('; ');
}
