import type { Exchange } from '../../lib/exchange';
import type { LineFormat } from './line-format';

/**
 * A `--nginx-format`/`--apache-format` that fits a file's first lines exactly as often as a built-in reader is the
 * file's reader (the user said so), but a loose one (its last field runs to the line's end: `%b` on a combined line
 * swallows the referer and agent and reads no size) or one with a column misnamed (`$request_time` where the log has
 * `$body_bytes_sent`) loses what the built-in reader gets. Said when the built-in reader's record of a line has a field
 * the given format's lacks, or the same field with another value; a format logging more than the built-in reader (an
 * upstream time, a host after combined's fields) is not. `ts` is not compared: with a request time logged it is the
 * log write less that time, which the built-in reader cannot know. Until 6 Dec such a tie was won silently.
 * Two formats given (`--nginx-format` and `--apache-format`, the first winning) are compared on `ts` too: each knows
 * when its server writes its time (nginx when the response is done, Apache's `%t` at the request's arrival), so the
 * same line read by both can be seconds apart; until 7 Dec that tie was won unsaid.
 */
export function tieNote(lines: string[], given: LineFormat, other: LineFormat, score: number): string | undefined {
  const origin = { file: '', line: 0 };
  const otherGiven = other.name === 'nginx-format' || other.name === 'apache-format';
  const fields = otherGiven ? [...COMPARED, 'ts' as const] : COMPARED;
  const otherName = otherGiven ? `--${other.name}` : other.name;
  for (let i = 0; i < lines.length; i++) {
    const theirs = recordOf(other, lines[i], origin);
    const ours = theirs && recordOf(given, lines[i], origin);
    if (!theirs || !ours) continue;
    for (const field of fields) {
      const b = theirs[field];
      if (b === undefined) continue;
      const g = ours[field];
      if (g !== undefined && JSON.stringify(g) === JSON.stringify(b)) continue;
      const differs = g === undefined ? `${field}${shown(b)}, none by --${given.name}` : shown(b) && shown(g) ? `${field}${shown(b)}, by --${given.name}${shown(g)}` : `${field} differs`;
      return `--${given.name} fits ${score} of its first ${lines.length} lines, as does ${otherName}, which reads them otherwise (line ${i + 1}: ${differs}); read with --${given.name}`;
    }
  }
  return undefined;
}

/** Fields a line states: what two readers of the same line must agree on. */
const COMPARED = ['method', 'path', 'query', 'status', 'host', 'src', 'responseBytes', 'requestBytes', 'latencyMs', 'userAgent'] as const;

function recordOf(format: LineFormat, line: string, origin: { file: string; line: number }): Exchange | undefined {
  let record: Exchange | undefined;
  const status = format.parse(line, origin, (ex) => {
    record ??= ex;
  });
  return status === 'ok' ? record : undefined;
}

/** ` <value>` for numbers and a method; a path, host, address or agent is not repeated in a warning (it may hold a token). */
function shown(value: unknown): string {
  return typeof value === 'number' || (typeof value === 'string' && /^[A-Z]{1,16}$/.test(value)) ? ` ${value}` : '';
}
