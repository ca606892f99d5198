import type { LineFormat, LineStatus } from './line-format';
import { MAX_LINE_BYTES } from './line-splitter';

/**
 * Docker's json-file log driver writes `{"log":"…\n","stream":"stdout","time":"…"}`, and a line over 16 KiB as
 * several entries, each but the last without the `\n` ending its `log` (moby's json-file: a newline is added to
 * "messages other than nonterminal partials"). Filebeat's container input joins them; read one by one, each part
 * was a malformed line and the request was lost.
 */
const ENTRY_START = '{"log":"';
/** A whole line's entry as Docker writes it (its `log` ends with an escaped newline): passed on unparsed. */
const WHOLE = '\\n","stream":"';

/**
 * The first lines of a file when most are Docker json-file entries, a split line's entries joined into one (a
 * damaged part left out), else undefined: what the formats are sniffed on. Entries none of which ends its line are
 * no dockerd's (a shipper that strips the newline writes the same shape): each is a whole line, as before.
 */
export function dockerEntries(lines: readonly string[]): string[] | undefined {
  if (lines.filter((l) => l.startsWith(ENTRY_START)).length * 2 <= lines.length || !lines.some((l) => l.includes(WHOLE))) return undefined;
  const out: string[] = [];
  const reader = dockerPartials({ name: 'head', looksLike: () => true, parse: (line) => (out.push(line), 'ok') });
  lines.forEach((line, i) => reader.parse(line, { file: '', line: i + 1 }, () => {}));
  return out;
}

/** An entry dockerd took from the container's stderr. */
export function isDockerStderr(line: string): boolean {
  return line.startsWith(ENTRY_START) && streamOf(line) === 'stderr';
}

const NONE: readonly number[] = [];

interface DockerEntry {
  log: string;
  stream: string;
}

function partialEntry(line: string): DockerEntry | undefined {
  if (!line.startsWith(ENTRY_START) || line.includes(WHOLE)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const { log, stream } = (value ?? {}) as Partial<DockerEntry>;
  if (typeof log !== 'string' || log.endsWith('\n')) return undefined;
  return { log, stream: typeof stream === 'string' ? stream : '' };
}

/**
 * Reads Docker json-file lines with `inner`, the parts of a split line joined first (per stream): the joined
 * entry is read as the line of its first part. A stderr entry that is no exchange is skipped (skipOnStderr). A part is counted as a line read and nothing else until its line
 * is whole; `heldLines` names the first parts still waiting, as the CRI envelope does (cri-envelope.ts).
 */
export function dockerPartials(inner: LineFormat): LineFormat {
  const pending = new Map<string, { text: string; line: number; tooLong: boolean }>();
  const joinedOrigin = { file: '', line: 0 };
  let earlier: LineFormat | undefined;
  /** The parts of a line of `stream` the file before a rotation holds, taken over as this file's line `line`. */
  const adopt = (stream: string, line: number) => {
    const before = earlier?.takeHeld?.(stream);
    if (!before) return undefined;
    const held = { ...before, line };
    pending.set(stream, held);
    return held;
  };
  return {
    name: inner.name,
    looksLike: inner.looksLike,
    continueFrom: (format) => {
      earlier = format;
    },
    takeHeld: (stream) => {
      const held = pending.get(stream);
      if (!held) return undefined;
      pending.delete(stream);
      return { text: held.text, tooLong: held.tooLong };
    },
    // Asked after every line: nothing allocated while no line is in parts, nearly always.
    heldLines: () => (pending.size === 0 ? NONE : [...pending.values()].map((p) => p.line).sort((a, b) => a - b)),
    parse(line, origin, emit): LineStatus {
      // Let go once it holds nothing more: each file's reader would otherwise keep every one before it alive.
      if (earlier && !earlier.heldLines?.().length) earlier = undefined;
      const part = partialEntry(line);
      if (part) {
        const held = pending.get(part.stream) ?? adopt(part.stream, origin.line);
        if (!held) pending.set(part.stream, { text: part.log, line: origin.line, tooLong: false });
        else if (held.tooLong || held.text.length + part.log.length > MAX_LINE_BYTES) Object.assign(held, { text: '', tooLong: true });
        else held.text += part.log;
        return 'ok';
      }
      const stream = pending.size === 0 && !earlier?.heldLines?.().length ? undefined : streamOf(line);
      const held = stream === undefined ? undefined : pending.get(stream) ?? adopt(stream, origin.line);
      if (!held) return skipOnStderr(inner.parse(line, origin, emit), line);
      pending.delete(stream!);
      let last: unknown;
      try {
        last = JSON.parse(line);
      } catch {
        return 'invalid';
      }
      if (held.tooLong || typeof (last as { log?: unknown }).log !== 'string') return 'invalid';
      joinedOrigin.file = origin.file;
      joinedOrigin.line = held.line;
      const entry = last as Record<string, unknown>;
      return skipOnStderr(inner.parse(JSON.stringify({ ...entry, log: held.text + (entry.log as string) }), joinedOrigin, emit), line);
    },
  };
}

/**
 * A stderr line that is no exchange is a proxy's own diagnostics (nginx's image sends its error log there, Envoy
 * its own log): skipped, not malformed, as in the CRI envelope. An access log on stderr is still read.
 */
function skipOnStderr(status: LineStatus, line: string): LineStatus {
  return status === 'invalid' && streamOf(line) === 'stderr' ? 'skip' : status;
}

/** The stream of a Docker entry, read without parsing it (only asked while a part of a line is held, or of a line no format read). */
function streamOf(line: string): string | undefined {
  const m = /","stream":"(stdout|stderr)"/.exec(line);
  return m?.[1];
}
