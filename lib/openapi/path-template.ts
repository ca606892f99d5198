/**
 * Path templates split into segments. A segment is a literal, a parameter with optional literal
 * prefix/suffix (`{id}.json` in Twitter's API), or a parameter that spans several segments
 * (RFC 6570 reserved expansion `{+path}`, or a name listed by the `x-multi-segment` extension).
 */
export type TemplateSegment =
  | { kind: 'literal'; value: string }
  /** `parts` is set when one segment holds several parameters (`{name}.{ext}` → `['', '.', '']`); `raw` is its text. */
  | { kind: 'param'; name: string; prefix: string; suffix: string; parts?: string[]; raw?: string }
  | { kind: 'multi'; name: string };

const PARAM_IN_SEGMENT = /^([^{}]*)\{([+#./;?&]?)([^{}]+)\}([^{}]*)$/;

export function parsePathTemplate(template: string, multiSegment: readonly string[] = []): TemplateSegment[] {
  return splitPath(template).map((raw): TemplateSegment => {
    const several = severalParams(raw);
    if (several) return several;
    const m = PARAM_IN_SEGMENT.exec(raw);
    if (!m) return { kind: 'literal', value: raw };
    const [, prefix, operator, name, suffix] = m;
    if ((operator === '+' || operator === '#' || multiSegment.includes(name)) && prefix === '' && suffix === '') {
      return { kind: 'multi', name };
    }
    return { kind: 'param', name, prefix, suffix };
  });
}

/** `{name}.{ext}`, `{owner}:{branch}`: the literal text around the parameters, each of which takes at least one character. */
function severalParams(raw: string): TemplateSegment | undefined {
  const params = [...raw.matchAll(/\{[+#./;?&]?([^{}]+)\}/g)];
  if (params.length < 2) return undefined;
  const parts = raw.split(/\{[^{}]+\}/);
  return { kind: 'param', name: params.map((m) => m[1]).join('+'), prefix: parts[0], suffix: parts[parts.length - 1], parts, raw };
}

/**
 * Whether a concrete segment is the literal `parts` with a non-empty value between each two. Placing
 * every inner literal at its earliest possible position never hurts the ones after it, so one pass from
 * the left decides: each part is searched once, never retried. The lazy `^a(.+?)-(.+?)…$` regex this
 * replaces tried every split and took cubic time on hostile segments (`a-a-a-…` without the `.`).
 */
export function fitsParts(parts: readonly string[], seg: string): boolean {
  const last = parts.length - 1;
  const suffixAt = seg.length - parts[last].length;
  if (suffixAt < 0 || !seg.startsWith(parts[0]) || !seg.endsWith(parts[last])) return false;
  let pos = parts[0].length;
  for (let i = 1; i < last; i++) {
    const at = seg.indexOf(parts[i], pos + 1);
    if (at === -1 || at + parts[i].length >= suffixAt) return false;
    pos = at + parts[i].length;
  }
  return suffixAt - pos >= 1;
}

/** `/a//b/` → `['a', '', 'b']`: the leading slash and one trailing slash are not segments. */
export function splitPath(path: string): string[] {
  if (path === '' || path === '/') return [];
  const body = path.startsWith('/') ? path.slice(1) : path;
  const trimmed = body.endsWith('/') ? body.slice(0, -1) : body;
  return trimmed.split('/');
}

/** Key that ignores parameter names: `/users/{id}` and `/users/{userId}` are the same path. */
export function templateKey(template: string): string {
  return template.replace(/\{[^{}]*\}/g, '{}');
}

/**
 * One operation's path across spec versions: parameter names aside, and its trailing slash, which matching ignores
 * (`/users/{id}/` and `/users/{id}` are called by the same requests). Until 6 Dec a version that dropped Django's
 * slashes was diffed as every operation removed and added again, and lost the deprecations governance had approved.
 */
export function operationPathKey(path: string): string {
  const key = templateKey(path);
  return key.length > 1 && key.endsWith('/') ? key.slice(0, -1) : key;
}

export function formatTemplate(segments: readonly TemplateSegment[]): string {
  if (segments.length === 0) return '/';
  return segments
    .map((s) => (s.kind === 'literal' ? `/${s.value}` : s.kind === 'multi' ? `/{${s.name}}` : s.raw ? `/${s.raw}` : `/${s.prefix}{${s.name}}${s.suffix}`))
    .join('');
}

/** Names of the parameters in a template, in order (operators like `+` removed). */
export function templateParamNames(template: string): string[] {
  return [...template.matchAll(/\{[+#./;?&]?([^{}]+)\}/g)].map((m) => m[1]);
}

/** `''`, `/v1` → joined with a template; never produces `//`. */
export function joinBasePath(basePath: string, path: string): string {
  const base = basePath.endsWith('/') ? basePath.slice(0, -1) : basePath;
  if (path === '/' || path === '') return base === '' ? '/' : base;
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
