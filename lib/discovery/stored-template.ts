import { storedPathOf } from '../exchange/http-rules';
import type { Matcher } from '../openapi/matcher';
import { canonicalRequestPath, requestSegments, templateSegments } from '../openapi/request-path';
import { isBareDate } from './dated-root';
import { isEntitySetKey } from './unmarked-odata';
import { EvidenceAccumulator } from './evidence';
import type { PathOverride } from './overrides';
import { inferParamName, isFormerItemName } from './param-names';
import { templatePaths } from './templating';
import { routeParam } from './route-syntax';
import { mayTakeSpecSuffix, withSpecSuffixes } from './stored-spec-suffix';
import { formerRootNamesExample, rootTakesValues } from './stored-root-names';
import { detectSegmentType, isApiVersionLiteral, isVersionAfterApi, isVersionAfterRestName } from './segment-types';
import { isODataPath, isUnquotedKeyParam, placeholder, typedSegment } from './typed-segment';

/**
 * A template an older release stored, or a collector of an older release pushes, under today's templating rules.
 * Templating only ever learnt to make more of a path into parameters (matrix parameters dropped, ULIDs, `name=value`
 * segments, reset codes and other segments example paths redact): a literal the stored row kept
 * (`/password/reset/Kx7pQ2mZ`) is judged as that segment of a request would be now, and the path is rendered by the
 * engine's own templating (spec parameter names, merge overrides), exactly as a lone request with those segments is.
 * Its parameters keep their names. The stored template comes back unchanged when no literal changes, so a parameter
 * is never renamed for its own sake. One exception, decided by the row's example paths: until 6 Dec any eight digits
 * were a date, so a collection of order numbers was stored as `/orders/{date}`, where today's traffic lands on
 * `/orders/{orderId}`; such a `{date}` whose examples hold no date there is named as today's engine names it.
 *
 * What cannot be recovered from a template is not attempted: a `{email}` that today is a literal `logo@2x.png`, or a
 * decoded `%2F` stored as two segments.
 */
export interface StoredTemplateContext {
  matcher: Matcher;
  overrides: readonly PathOverride[];
  /**
   * Literals that stay whatever their shape: the ones the host's specs define (`matcher.literalsFor(host)`, as
   * templating protects them) and the ones an operator's override names (a human decision). Built once per host by
   * the caller: the matcher makes a new set per call.
   */
  protectedLiterals: ReadonlySet<string>;
}


export function retemplateStoredPath(host: string, method: string, template: string, ctx: StoredTemplateContext, examplePaths: readonly string[] = [], firstSeen?: string): string {
  // Names at the root a spec's base path made one `{param}` until 7 Dec: the row goes to its first example's path.
  const rootNames = rootTakesValues(ctx.matcher, host) ? undefined : formerRootNamesExample(template, examplePaths);
  const typed = storedSegments(rootNames ?? template, ctx.protectedLiterals, examplePaths, firstSeen);
  const suffixed = withSpecSuffixes(ctx.matcher, host, typed.segments, examplePaths, ctx.protectedLiterals);
  if (!rootNames && !typed.changed && !suffixed) return template;
  const segments = suffixed ?? typed.segments;
  // Ignore overrides hide a stored row, they do not make it disappear: it is re-templated like any other.
  const overrides = ctx.overrides.filter((o) => o.action !== 'ignore');
  const [out] = templatePaths([{ host, method, segments, evidence: new EvidenceAccumulator() }], { matcher: ctx.matcher, overrides });
  return out?.template ?? template;
}

const NOTHING_PROTECTED: ReadonlySet<string> = new Set();

/**
 * Whether today's rules could change this template at all, without a spec or an override at hand: a scan of its
 * segments. Protected literals only ever keep a segment (retemplateStoredPath never changes more for having them),
 * so a template that comes back unchanged with none protected comes back unchanged whatever the context: what a
 * current collector sends is told apart before anything is read for the few that may change.
 */
export function storedTemplateMayChange(template: string, examplePaths: readonly string[] = []): boolean {
  const { segments, changed } = storedSegments(template, NOTHING_PROTECTED, examplePaths);
  return changed || mayTakeSpecSuffix(segments, examplePaths) || formerRootNamesExample(template, examplePaths) !== undefined;
}

/** The template's segments with today's placeholders, and whether any segment changed. */
function storedSegments(template: string, protectedLiterals: ReadonlySet<string>, examplePaths: readonly string[], firstSeen?: string): { segments: string[]; changed: boolean } {
  // A query, a fragment or an absolute URL's scheme and authority another tool's batch carried are no part of a
  // template (stored so before 6 Dec, values and userinfo too).
  const canonical = canonicalRequestPath(storedPathOf(template));
  const wire = templateSegments(canonical);
  const decoded = requestSegments(canonical);
  let changed = canonical !== template;
  const segments = wire.map((w, i) => {
    // A whole segment that is one parameter, with an affix kept (`{id}.json`), in any framework's syntax: an older
    // release kept Flask's `<int:user_id>` or ASP.NET's `{id:int}` from a trace's route as it came (route-syntax.ts).
    const param = routeParam(w, false);
    // Until 6 Dec a date's parts were named as items (`/archive/{archiveId}/{param}/{param2}`): by their part when every
    // example has that part of a date there. Only a name the engine gave: a route's own (`{yyyy}`) is a human's.
    const part = param && !param.suffix && nextToParam(wire, i) && isEngineIntName(param.name, i > 0 ? decoded[i - 1] : undefined) ? datePartOfExamples(examplePaths, wire.length, i, protectedLiterals) : undefined;
    if (part !== undefined) {
      changed = true;
      return part;
    }
    if (param && DATE_NAME.test(param.name) && examplePaths.length > 0 && examplePaths.every((p) => isNumberNoDate(p, wire.length, i, param.suffix))) {
      changed = true;
      return placeholder('int', param.suffix);
    }
    // Until 7 Dec a date first in the path was a `{date}` at once, an API's dated version too (Twilio's `/2010-04-01/…`):
    // the literal again when every example has the same one there, far from the day the row was first seen (dated-root.ts).
    const dated = param && i === 0 && param.name === 'date' && !param.suffix ? literalOfExamples(examplePaths, wire.length, 0, protectedLiterals, firstSeen) : undefined;
    if (dated !== undefined && isBareDate(dated)) {
      changed = true;
      return dated;
    }
    // Until 6 Dec an API's version after `api` or `rest` was an integer parameter (`/rest/api/{apiId}/…`): the
    // literal again when every example has the same one there (a row holding versions 2 and 3 cannot be split).
    const version = param && !param.suffix && i > 0 ? versionOfExamples(examplePaths, wire.length, i, decoded[i - 1], decoded[i - 2]) : undefined;
    if (version !== undefined) {
      changed = true;
      return version;
    }
    // Until 6 Dec Kubernetes' API groups were values (`/apis/{apiId}/v1/…`, trie-shape.ts isVersion): the group again
    // when every example has the same one there (a row holding `apps` and `batch` cannot be split).
    const group = param && param.name === 'apiId' && isApiGroupPosition(decoded, i) ? literalOfExamples(examplePaths, wire.length, i, protectedLiterals) : undefined;
    if (group !== undefined) {
      changed = true;
      return group;
    }
    // Until 6 Dec a value right after a namespace was named after it (`/v2/{v2Id}`, `/api/{apiId}`), and some plurals
    // were singled wrongly (`/movies/{movyId}`, `/species/{specyId}`); until 7 Dec an acronym lost only its first
    // capital (`/AWSLogs/{aWSLogId}`): named as today.
    if (param && i > 0 && isFormerItemName(decoded[i - 1], param.name)) {
      changed = true;
      return placeholder('name', param.suffix);
    }
    // A template's own parameter stays one, under its name, as a gateway's resolved route does.
    if (param) {
      if (w !== `{${param.name}}${param.suffix}`) changed = true;
      return placeholder(`route:${param.name}`, param.suffix);
    }
    // Until 6 Dec a number in parentheses was an OData key anywhere (`/wiki/Heat({heatId})`): outside an OData path it
    // is the literal again when every example has the same one there, as today's traffic is (two cannot be split).
    // Not a plural set's: unmarked-odata.ts keys those, one key among the examples or not.
    const literal = isUnquotedKeyParam(decoded[i]) && !isODataPath(decoded, i) && !isEntitySetKey(decoded[i]) ? literalOfExamples(examplePaths, wire.length, i, protectedLiterals) : undefined;
    if (literal !== undefined) {
      changed = true;
      return literal;
    }
    const typed = typedSegment(decoded, i, protectedLiterals);
    if (typed === undefined) return w;
    changed = true;
    return typed;
  });
  return { segments, changed };
}

/** `/apis/<group>/v1/…`: the segment after `apis` with an API version after it, where Kubernetes names its API groups. */
function isApiGroupPosition(decoded: readonly string[], i: number): boolean {
  return i > 0 && i + 1 < decoded.length && decoded[i - 1] === 'apis' && isApiVersionLiteral(decoded[i + 1]);
}

/** A date's parts are parameters side by side: the pre-check before example paths are read. */
function nextToParam(wire: readonly string[], i: number): boolean {
  return (i > 0 && wire[i - 1].startsWith('{')) || (i + 1 < wire.length && wire[i + 1].startsWith('{'));
}

const INT_ONLY: ReadonlySet<string> = new Set(['int']);

/** The name templating gives an integer after this segment (`archiveId`, `param`), or it numbered (`param2`). */
function isEngineIntName(name: string, previous: string | undefined): boolean {
  const base = inferParamName(previous, INT_ONLY);
  return name.startsWith(base) && /^\d*$/.test(name.slice(base.length));
}

/** The date part's placeholder every example path has as its `i`th of `length` segments (date-parts.ts), or undefined. */
function datePartOfExamples(examplePaths: readonly string[], length: number, i: number, protectedLiterals: ReadonlySet<string>): string | undefined {
  let part: string | undefined;
  for (const p of examplePaths) {
    const segments = requestSegments(canonicalRequestPath(p));
    const typed = segments.length === length ? typedSegment(segments, i, protectedLiterals) : undefined;
    if (typed === undefined || !DATE_PARTS.has(typed) || (part !== undefined && typed !== part)) return undefined;
    part = typed;
  }
  return part;
}

const DATE_PARTS: ReadonlySet<string> = new Set((['year', 'month', 'day'] as const).map((p) => placeholder(p, '')));

/** The names templating gave a `date` parameter (a second one in a template is `date2`: param-names.ts). */
const DATE_NAME = /^date\d*$/;

/** Whether an example path's `i`th of `length` segments is eight digits that are no date: an ID typed `date` before 6 Dec. */
function isNumberNoDate(examplePath: string, length: number, i: number, suffix: string): boolean {
  const segments = requestSegments(canonicalRequestPath(examplePath));
  if (segments.length !== length || !segments[i].endsWith(suffix)) return false;
  const value = segments[i].slice(0, segments[i].length - suffix.length);
  return /^\d{8}$/.test(value) && detectSegmentType(value) === 'int';
}

/** The segment every example path has as its `i`th of `length`, when today's templating keeps it a literal there. */
function literalOfExamples(examplePaths: readonly string[], length: number, i: number, protectedLiterals: ReadonlySet<string>, requestedAt?: string): string | undefined {
  const values = new Set<string>();
  for (const p of examplePaths) {
    const canonical = canonicalRequestPath(p);
    const segments = requestSegments(canonical);
    if (segments.length !== length || typedSegment(segments, i, protectedLiterals, requestedAt) !== undefined) return undefined;
    values.add(templateSegments(canonical)[i]);
  }
  const [only] = values;
  return values.size === 1 ? only : undefined;
}

/** The version every example path has as its `i`th of `length` segments after `api`, `rest` or `rest/<name>`, or undefined. */
function versionOfExamples(examplePaths: readonly string[], length: number, i: number, previous: string, beforePrevious: string | undefined): string | undefined {
  const values = new Set(examplePaths.map((p) => requestSegments(canonicalRequestPath(p))).map((s) => (s.length === length && s[i - 1] === previous ? s[i] : '')));
  const [only] = values;
  const version = isVersionAfterApi(previous, only) || (i + 1 < length && isVersionAfterRestName(beforePrevious, previous, only));
  return values.size === 1 && version ? only : undefined;
}
