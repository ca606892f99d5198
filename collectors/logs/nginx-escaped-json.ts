/**
 * JSON as an nginx `log_format` without `escape=json` writes it: nginx's default escaping turns `"`, `\` and every
 * byte outside printable ASCII into `\xHH` (ngx_http_log_escape), which JSON has no escape for, so any line with a
 * quote in its agent or a UTF-8 path is no JSON. Such formats are common: nginx before 1.11.8 has no `escape=json`,
 * and guides show JSON formats without it. Until 6 Dec their lines were malformed.
 */
const ESCAPE_OR_PAIR = /(?:\\x[0-9A-Fa-f]{2})+|\\[^x]/g;

/** The text with each run of `\xHH` bytes as a JSON string's characters (UTF-8), else undefined (no such escape). */
export function jsonFromNginxEscapes(text: string): string | undefined {
  if (!text.includes('\\x')) return undefined;
  let changed = false;
  // Left to right, a JSON escape (`\\`, `\"`) is taken as a pair: the `x` after an escaped backslash is text.
  const out = text.replace(ESCAPE_OR_PAIR, (m) => {
    if (m.charCodeAt(1) !== 120 /* x */) return m;
    changed = true;
    const bytes = Buffer.from(m.split('\\x').slice(1).map((h) => parseInt(h, 16)));
    return JSON.stringify(bytes.toString('utf8')).slice(1, -1);
  });
  return changed ? out : undefined;
}

/** JSON.parse, and when the text is not JSON, again with nginx's escapes read; undefined when neither parses. */
export function parseLoggedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const unescaped = jsonFromNginxEscapes(text);
    if (unescaped === undefined) return undefined;
    try {
      return { value: JSON.parse(unescaped) };
    } catch {
      return undefined;
    }
  }
}
