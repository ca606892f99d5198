import { apacheTimeArg, compileStrftime } from './apache-time';
import type { FingerprintKey } from './exchange-fields';
import type { LineFormat } from './line-format';
import { compileTemplate, unreadableTemplate, type FieldKind, type TemplateToken } from './log-template';

/** Apache's own nicknames, as shipped in httpd.conf. */
export const APACHE_NICKNAMES: Record<string, string> = {
  common: '%h %l %u %t \\"%r\\" %>s %b',
  combined: '%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"',
  vhost_combined: '%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"',
};

const DIRECTIVES: Record<string, FieldKind> = {
  a: 'src', h: 'src', A: 'dst', t: 'timeClf', r: 'request', m: 'method', U: 'path', q: 'query', H: 'protocol',
  s: 'status', b: 'bytesOut', B: 'bytesOut', O: 'bytesOutWithHeaders', I: 'bytesInWithHeaders', D: 'durUs', T: 'durSec', v: 'host',
  V: 'host', p: 'canonicalPort', u: 'remoteUser',
};

/** Compiles an Apache `LogFormat` string (or a nickname: common, combined, vhost_combined). */
export function compileApacheFormat(format: string, key: FingerprintKey): LineFormat {
  const tokens = apacheTokens(format);
  const compiled = compileTemplate('apache-format', tokens, key);
  const problem = unreadableTemplate(tokens, { time: '%t or %{…}t', request: '%r or %U' });
  if (problem) throw new Error(`Apache format: ${problem}`);
  return compiled;
}

export function apacheTokens(format: string): TemplateToken[] {
  const body = unescape(stripDirective(APACHE_NICKNAMES[format.trim()] ?? format));
  const tokens: TemplateToken[] = [];
  let literal = '';
  const directive = /%[<>]?(?:!?\d{3}(?:,\d{3})*)?(?:\{([^}]*)\})?([a-zA-Z%])/y;
  let i = 0;
  while (i < body.length) {
    if (body[i] !== '%') {
      literal += body[i++];
      continue;
    }
    directive.lastIndex = i;
    const m = directive.exec(body);
    if (!m) {
      literal += body[i++];
      continue;
    }
    i = directive.lastIndex;
    if (m[2] === '%') {
      literal += '%';
      continue;
    }
    if (literal) tokens.push({ literal });
    literal = '';
    tokens.push({ field: fieldOf(m[2], m[1]), name: m[0] });
  }
  if (literal) tokens.push({ literal });
  if (!tokens.some((t) => 'field' in t)) throw new Error('Apache format: no %directives in the format string');
  return tokens;
}

function fieldOf(letter: string, arg: string | undefined): FieldKind {
  if (arg !== undefined) {
    const lower = arg.toLowerCase();
    if (letter === 'i') {
      if (lower === 'user-agent') return 'userAgent';
      if (lower === 'host') return 'host';
      if (lower === 'content-type') return 'requestContentType';
      // The request's declared body, which the record's size is (nginx $content_length alike); %I counts headers too.
      if (lower === 'content-length') return 'bytesIn';
      return `header:${lower}`;
    }
    if (letter === 'o') {
      if (lower === 'content-type') return 'responseContentType';
      if (lower === 'deprecation') return 'deprecation';
      if (lower === 'sunset') return 'sunset';
      return 'ignore';
    }
    if (letter === 't') {
      // Checked now: a strftime directive no time is read from is a usage error, not a log of malformed lines.
      const { piece } = apacheTimeArg(arg);
      if (!['sec', 'msec', 'usec', 'msec_frac', 'usec_frac'].includes(piece)) compileStrftime(piece);
      return `apacheTime:${arg}`;
    }
    if (letter === 'T') return arg === 'ms' ? 'durMs' : arg === 'us' ? 'durUs' : 'durSec';
    if (letter === 'a' && lower === 'c') return 'src';
    if ((letter === 'x' && lower === 'ssl_protocol') || (letter === 'e' && lower === 'https')) return 'tls';
    if (letter === 'p') return lower === 'remote' ? 'srcPort' : lower === 'local' ? 'dstPort' : 'canonicalPort';
    return 'ignore';
  }
  return DIRECTIVES[letter] ?? 'ignore';
}

function unescape(s: string): string {
  return s.replace(/\\(["\\tn])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

/** Accepts `LogFormat "…" nickname` as written in httpd.conf. */
function stripDirective(format: string): string {
  const m = /^\s*LogFormat\s+"((?:[^"\\]|\\.)*)"/.exec(format);
  return m ? m[1] : format;
}
