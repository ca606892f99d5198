/**
 * Apache's `%{…}t` (mod_log_config): `sec`, `msec`, `usec` since the epoch, `msec_frac`/`usec_frac` (the fraction of
 * the second, to go with a strftime piece), or a strftime format, each after an optional `begin:` (the default: when
 * the request came) or `end:` (when the log entry was written). One format may split the time over several pieces,
 * as Apache's own docs do: `[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t]`. Until 6 Dec a strftime piece was read by the
 * JavaScript engine's lenient date parser, in the zone of the machine running Lantern (or not at all: every line of
 * `%{%d/%b/%Y:%H:%M:%S %z}t` was malformed), and `begin:`/`end:` made every line malformed.
 */

import { monthOfName } from './clf-time';

type Part = 'Y' | 'y' | 'm' | 'b' | 'd' | 'H' | 'I' | 'p' | 'M' | 'S' | 'z' | 's' | 'skip';

/** strftime directives Apache users write, as [pattern, what it fills]; %T, %F, %D and %R expand to these. */
const DIRECTIVES: Record<string, Array<[string, Part]>> = {
  Y: [['(\\d{4})', 'Y']], y: [['(\\d{2})', 'y']], m: [['(\\d{1,2})', 'm']], b: [['([A-Za-z]{3})', 'b']], h: [['([A-Za-z]{3})', 'b']],
  B: [['([A-Za-z]+)', 'b']], d: [['(\\d{1,2})', 'd']], e: [[' ?(\\d{1,2})', 'd']], H: [['(\\d{1,2})', 'H']], I: [['(\\d{1,2})', 'I']],
  p: [['([AaPp][Mm])', 'p']], M: [['(\\d{2})', 'M']], S: [['(\\d{2})', 'S']], z: [['([+-]\\d{2}:?\\d{2}|Z)', 'z']], s: [['(\\d+)', 's']],
  a: [['([A-Za-z]+)', 'skip']], A: [['([A-Za-z]+)', 'skip']], Z: [['([A-Za-z]+)', 'skip']], j: [['(\\d{3})', 'skip']],
};
const EXPANSIONS: Record<string, string> = { T: '%H:%M:%S', F: '%Y-%m-%d', D: '%m/%d/%y', R: '%H:%M' };

interface Strftime {
  pattern: RegExp;
  parts: Part[];
}

const compiled = new Map<string, Strftime>();

/** The parser of one strftime format; throws, naming it, on a directive it cannot read (a usage error). */
export function compileStrftime(format: string): Strftime {
  const known = compiled.get(format);
  if (known) return known;
  const expanded = format.replace(/%([TFDR])/g, (_, c: string) => EXPANSIONS[c]);
  let source = '^';
  const parts: Part[] = [];
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i];
    if (c !== '%') {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const d = expanded[++i];
    if (d === '%') source += '%';
    else if (d === 'n' || d === 't') source += '\\s';
    else if (d !== undefined && DIRECTIVES[d]) {
      for (const [p, part] of DIRECTIVES[d]) {
        source += p;
        parts.push(part);
      }
    } else throw new Error(`Apache format: %{${format}}t uses %${d ?? ''}, which no time is read from (known: %Y %y %m %b %B %d %e %H %I %p %M %S %z %s %T %F %D %R %a %A %Z %j)`);
  }
  const parser = { pattern: new RegExp(`${source}$`), parts };
  if (compiled.size < 64) compiled.set(format, parser);
  return parser;
}

/** What the `%{…}t` argument is: the piece, and whether it is the log write's time. */
export function apacheTimeArg(arg: string): { piece: string; end: boolean } {
  const m = /^(begin|end):(.*)$/.exec(arg);
  return m ? { piece: m[2], end: m[1] === 'end' } : { piece: arg, end: false };
}

/** Epoch milliseconds from the `%{…}t` pieces of one line ([argument, value]); undefined when they say no time. */
export function apacheTimeOf(pieces: ReadonlyArray<readonly [string, string]>): { ms: number; end: boolean } | undefined {
  const date: Partial<Record<Part, string>> = {};
  let epochMs: number | undefined;
  let fractionMs = 0;
  let end = false;
  for (const [arg, value] of pieces) {
    const { piece, end: atEnd } = apacheTimeArg(arg);
    end ||= atEnd;
    if (piece === 'sec' || piece === 'msec' || piece === 'usec') {
      if (!/^\d{1,19}$/.test(value)) return undefined;
      epochMs = piece === 'sec' ? Number(value) * 1000 : piece === 'msec' ? Number(value) : Math.floor(Number(value) / 1000);
    } else if (piece === 'msec_frac' || piece === 'usec_frac') {
      if (!/^\d{3}$|^\d{6}$/.test(value)) return undefined;
      fractionMs = piece === 'msec_frac' ? Number(value) : Number(value) / 1000;
    } else {
      const { pattern, parts } = compileStrftime(piece);
      const m = pattern.exec(value);
      if (!m) return undefined;
      parts.forEach((part, i) => {
        if (part !== 'skip') date[part] = m[i + 1];
      });
    }
  }
  if (epochMs === undefined && date.s !== undefined) epochMs = Number(date.s) * 1000;
  if (epochMs === undefined) epochMs = dateMs(date);
  if (epochMs === undefined || !Number.isFinite(epochMs)) return undefined;
  return { ms: epochMs + fractionMs, end };
}

function dateMs(date: Partial<Record<Part, string>>): number | undefined {
  const year = date.Y !== undefined ? Number(date.Y) : date.y !== undefined ? 2000 + Number(date.y) : undefined;
  const month = date.m !== undefined ? Number(date.m) - 1 : date.b !== undefined ? (monthOfName(date.b) ?? -1) : -1;
  const day = Number(date.d);
  if (year === undefined || month < 0 || month > 11 || !(day >= 1 && day <= 31)) return undefined;
  let hour = Number(date.H ?? date.I ?? 0);
  if (date.I !== undefined && date.p !== undefined) hour = (hour % 12) + (date.p.toLowerCase() === 'pm' ? 12 : 0);
  const minute = Number(date.M ?? 0);
  const second = Number(date.S ?? 0);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  // Without %z the zone is the server's, which the line does not say: UTC, as everywhere in Lantern (exchange-fields.ts
  // isoFromText).
  return Date.UTC(year, month, day, hour, minute, second) - offsetMinutes(date.z) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}
