/**
 * A parameter in a route as a framework writes it: OpenTelemetry's `http.route` is "the path template in the format
 * used by the respective server framework", so traces bring every framework's syntax. Until 6 Dec only `{name}` and
 * `:name` were read, and Flask's `/users/<int:user_id>`, ASP.NET's `/api/users/{id:int}`, Spring's `{id:[0-9]+}`,
 * Rails' `:id(.:format)`, Gin's `*filepath` and Next.js' `[slug]` became templates with those literals in them, no
 * parameter at all, beside the `{…}` template a capture or a log of the same endpoint gives.
 *
 * `unambiguous` forms cannot be a segment a client sends as such (`<`, `>`, `[`, `]`, `{`, `}` are escaped in a URL),
 * so a logged path or a stored template holding one holds a route; `:name` and `*name` can, and count only in a route.
 */
export interface RouteParam {
  name: string;
  suffix: string;
}

const NAME = String.raw`([A-Za-z_][\w.-]{0,63})`;
/** `{id}`, `{+path}`, `{proxy+}`, `{id:int}`, `{id:[0-9]+}`, `{*path}`, `{**path}`, `{id}.json`; ASP.NET's optional `{id?}`. */
const BRACES = new RegExp(String.raw`^\{(?:\*{1,2}|\+)?${NAME}\??(?::[^/]*)?\+?\}([^{}]*)$`);
/** Anything else in braces, as read before (`{name}.{ext}`: the first is the parameter, the rest its suffix). */
const OTHER_BRACES = /^\{[+]?([^{}]+?)\+?\}(.*)$/;
/** Flask and Django: `<user_id>`, `<int:user_id>`, `<path:filename>`, `<regex("[a-z]+"):slug>`. */
const ANGLES = new RegExp(String.raw`^<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?${NAME}>([^<>]*)$`);
/** Next.js and SvelteKit: `[slug]`, `[...slug]`, `[[...slug]]`. */
const BRACKETS = new RegExp(String.raw`^\[{1,2}(?:\.\.\.)?${NAME}\]{1,2}([^[\]]*)$`);
/** Express and Rails: `:id`, `:id?`, `:id(\\d+)`, `:id(.:format)`; Gin and httprouter catch-alls: `*filepath`. */
const PREFIXED = new RegExp(String.raw`^[:*]${NAME}(?:\([^)]*\))?\??$`);

export function routeParam(segment: string, inRoute: boolean): RouteParam | undefined {
  const c = segment[0];
  const m =
    c === '{' ? (BRACES.exec(segment) ?? OTHER_BRACES.exec(segment)) : c === '<' ? ANGLES.exec(segment) : c === '[' ? BRACKETS.exec(segment) : inRoute && (c === ':' || c === '*') ? PREFIXED.exec(segment) : null;
  if (!m) return undefined;
  return { name: m[1], suffix: m[2] ?? '' };
}
