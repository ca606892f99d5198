import type { FingerprintKey } from './exchange-fields';
import type { LineFormat } from './line-format';
import { compileTemplate, unreadableTemplate, type FieldKind, type TemplateToken } from './log-template';

/** nginx variables that map onto exchange fields; any other variable is matched and ignored. */
const NGINX_FIELDS: Record<string, FieldKind> = {
  remote_addr: 'src', realip_remote_addr: 'src', remote_port: 'srcPort', server_addr: 'dst', server_port: 'dstPort',
  time_local: 'timeClf', time_iso8601: 'timeIso', msec: 'timeEpochSec',
  request: 'request', request_method: 'method', request_uri: 'target', uri: 'path', document_uri: 'path',
  args: 'query', query_string: 'query', server_protocol: 'protocol', status: 'status',
  body_bytes_sent: 'bytesOut', bytes_sent: 'bytesOutWithHeaders', request_length: 'bytesInWithHeaders', request_time: 'durSec',
  host: 'host', http_host: 'host', scheme: 'scheme', server_name: 'host', http_user_agent: 'userAgent',
  content_type: 'requestContentType', http_content_type: 'requestContentType',
  sent_http_content_type: 'responseContentType', sent_http_deprecation: 'deprecation', sent_http_sunset: 'sunset',
  remote_user: 'remoteUser', ssl_protocol: 'tls', https: 'tls',
  // The request's Content-Length: its body, which the record's size is (until 6 Dec unread, $request_length with the
  // headers counted instead); `-` on a bodiless request, which has no size.
  content_length: 'bytesIn', http_content_length: 'bytesIn',
};

export const NGINX_COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/**
 * Compiles an nginx `log_format` into a line parser. Accepts the bare format string or the directive
 * as written in nginx.conf (`log_format main '…' '…';`, pieces joined as nginx joins them).
 */
export function compileNginxFormat(format: string, key: FingerprintKey): LineFormat {
  const tokens = nginxTokens(format);
  const compiled = compileTemplate('nginx-format', tokens, key, true);
  const problem = unreadableTemplate(tokens, { time: '$time_local, $time_iso8601 or $msec', request: '$request, $request_uri or $uri' });
  if (problem) throw new Error(`nginx format: ${problem}`);
  return compiled;
}

export function nginxTokens(format: string): TemplateToken[] {
  const body = stripDirective(format);
  const tokens: TemplateToken[] = [];
  let literal = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '$') {
      const braced = body[i + 1] === '{';
      const start = braced ? i + 2 : i + 1;
      let end = start;
      while (end < body.length && /[A-Za-z0-9_]/.test(body[end])) end++;
      if (end === start || (braced && body[end] !== '}')) {
        literal += c;
        i++;
        continue;
      }
      if (literal) tokens.push({ literal });
      literal = '';
      const name = body.slice(start, end).toLowerCase();
      tokens.push({ field: nginxFieldOf(name), name });
      i = braced ? end + 1 : end;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) tokens.push({ literal });
  if (!tokens.some((t) => 'field' in t)) throw new Error('nginx format: no $variables in the format string');
  return tokens;
}

export function nginxFieldOf(name: string): FieldKind {
  const known = NGINX_FIELDS[name];
  if (known) return known;
  if (name.startsWith('http_')) return `header:${name.slice(5).replace(/_/g, '-')}`;
  return 'ignore';
}

/**
 * The format as nginx reads the directive's arguments (`log_format name [escape=…] '…' "…" bare;`): each quoted or bare
 * argument after the name, joined with nothing between them. An unterminated quote is refused: until 6 Dec the pieces
 * that did match were joined and the rest dropped unsaid.
 */
function stripDirective(format: string): string {
  const trimmed = format.trim();
  if (!/^log_format\s/.test(trimmed)) return format;
  const args: string[] = [];
  let i = 0;
  while (i < trimmed.length) {
    const c = trimmed[i];
    if (/\s/.test(c)) i++;
    else if (c === ';') break;
    else if (c === "'" || c === '"') {
      let end = i + 1;
      while (end < trimmed.length && trimmed[end] !== c) end += trimmed[end] === '\\' ? 2 : 1;
      if (end >= trimmed.length) throw new Error(`nginx format: the log_format directive's ${c} quote at character ${i + 1} is never closed`);
      args.push(trimmed.slice(i + 1, end).replace(/\\(["'\\])/g, '$1'));
      i = end + 1;
    } else {
      let end = i;
      while (end < trimmed.length && !/[\s;'"]/.test(trimmed[end])) end++;
      args.push(trimmed.slice(i, end));
      i = end;
    }
  }
  // args: log_format, the name, an optional escape= parameter, then the format's pieces.
  const pieces = args.slice(2);
  if (pieces[0]?.startsWith('escape=')) pieces.shift();
  return pieces.join('');
}
