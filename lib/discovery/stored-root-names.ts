import type { Matcher } from '../openapi/matcher';
import { canonicalRequestPath, requestSegments, templateSegments } from '../openapi/request-path';
import { REDACTED_SEGMENT } from '../security/redact-path';
import { routeParam } from './route-syntax';
import { positionOf, saysAnything, startCursors } from './spec-guide';
import { typedSegment } from './typed-segment';

/**
 * Until 7 Dec (ab30847) a host-less spec with a base path (Docker Engine's `/v1.41`), or with a few top-level paths and
 * no servers (`/pets`, `/users`), made the root of every host a position the spec knows, so five names there were one value: mitmproxy.org's files were `GET /{param}` (20 requests)
 * and `/{param}/{param2}` (9). Today the first segment of a path is a literal unless a spec or a merge override says
 * otherwise (templating.ts chooseMerged), and such a row would keep taking in every new file at the root.
 *
 * What it counted cannot be divided among its names: only its example paths are kept (five, sorted), not how many
 * requests each had. So the whole row goes to its first example, as today's engine templates that one request alone
 * (a position an example has `{redacted}` keeps the stored parameter): nothing counted twice, nothing dropped, the
 * other names' requests counted under that one, and each gets its own row with its next request. Only an
 * engine-named `{param}` (what names at the root were called: `param-names.ts`), whose every example has a name there
 * that today's engine keeps literal (an integer or a UUID at the root is still `{param}`), of the same length.
 */
export function formerRootNamesExample(template: string, examplePaths: readonly string[]): string | undefined {
  const wire = templateSegments(canonicalRequestPath(template));
  const root = wire.length > 0 ? routeParam(wire[0], false) : undefined;
  if (!root || root.name !== 'param' || examplePaths.length === 0) return undefined;
  const examples = examplePaths.map((p) => canonicalRequestPath(p));
  const fits = examples.every((p) => {
    const decoded = requestSegments(p);
    return decoded.length === wire.length && decoded[0] !== REDACTED_SEGMENT && decoded[0].endsWith(root.suffix) && typedSegment(decoded, 0, NOTHING) === undefined;
  });
  if (!fits) return undefined;
  const first = templateSegments(examples[0]);
  return `/${first.map((s, i) => (i > 0 && s === REDACTED_SEGMENT ? wire[i] : s)).join('/')}`;
}

const NOTHING: ReadonlySet<string> = new Set();

/** Whether today's templating may make names at this host's root values: a spec or sibling paths say something there. */
export function rootTakesValues(matcher: Matcher, host: string): boolean {
  return saysAnything(positionOf(startCursors(matcher, host)));
}

/**
 * Whether a stored root `{param}` must not take in this path's root name (lib/inventory/shadow-templates.ts covers a
 * quiet batch's literals with the template busier traffic made): where no spec or override makes the host's root
 * values, today's engine keeps every name there literal however many come (`/robots.txt` beside integers stored as
 * `/{param}`), and until 7 Dec a new file at mitmproxy.org's root was folded into the `/{param}` a spec's base path had
 * made. Only the engine's own name: a route's (`/{tenant}`) or a registry's `/{package}` still takes its values.
 */
export function keepsRootName(matcher: Matcher, host: string, template: string, path: string): boolean {
  const [t] = templateSegments(canonicalRequestPath(template));
  const [p] = templateSegments(canonicalRequestPath(path));
  if (t === undefined || p === undefined || t === p || p.includes('{') || routeParam(t, false)?.name !== 'param') return false;
  return !rootTakesValues(matcher, host);
}
