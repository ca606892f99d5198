import type { Matcher } from '../openapi/matcher';
import { fitsParts } from '../openapi/path-template';
import { canonicalRequestPath, requestSegments } from '../openapi/request-path';
import { advance, positionOf, specSuffix, startCursors, type SpecCursor } from './spec-guide';
import { affixKey, isPlaceholder, parsePlaceholder, placeholder } from './typed-segment';

/**
 * Until 7 Dec two values fitting a spec's suffixed parameter (`/docs/{name}.json`) were templated without its suffix
 * (`/docs/{docId}`), where today's traffic makes `/docs/{name}.json` (templating.ts specSuffix). A stored row's plain
 * parameter takes the suffix when every example path has a value fitting it there: the examples are what the row
 * holds, and a row holding `intro.json` and `a1` cannot be split. So with a segment the spec writes with several
 * parameters (Dark Sky's `/forecast/{key}/{latitude},{longitude}`): a row a collector without the spec templated
 * `/forecast/{forecastId}/{param}` matched no operation, stayed a shadow beside the documented endpoint, and kept the
 * key the spec names in its example paths; it takes the spec's spelling of that segment when every example fits it.
 */

/**
 * The pre-check, without a spec at hand: a plain parameter whose every example ends in one extension there (`.json`,
 * not the `.0` of versions `1.0` and `2.0`).
 */
export function mayTakeSpecSuffix(segments: readonly string[], examplePaths: readonly string[]): boolean {
  if (examplePaths.length === 0) return false;
  const examples = examplePaths.map((p) => requestSegments(canonicalRequestPath(p)));
  return segments.some((s, i) => isPlainParam(s) && (new Set(examples.map((e) => (e.length === segments.length ? extensionOf(e[i]) : undefined))).size === 1 && extensionOf(examples[0][i] ?? '') !== undefined || examples.every((e) => e.length === segments.length && mayFitParts(e[i]))));
}

/**
 * A value that may hold several parameters: with a character an identifier, a slug or a word has none of (`37.8,-122.4`,
 * `a@b`), or an extension (`{name}.{ext}`'s `report.pdf` beside `photo.png`).
 */
function mayFitParts(value: string): boolean {
  return /[^A-Za-z0-9._~-]/.test(value) || extensionOf(value) !== undefined;
}

function extensionOf(value: string): string | undefined {
  const dot = value.lastIndexOf('.');
  return dot > 0 && /[A-Za-z]/.test(value.slice(dot)) ? value.slice(dot) : undefined;
}

/** The segments with each plain parameter the spec writes with a suffix there given it, or undefined when none is. */
export function withSpecSuffixes(matcher: Matcher, host: string, segments: readonly string[], examplePaths: readonly string[], protectedLiterals: ReadonlySet<string>): string[] | undefined {
  if (!mayTakeSpecSuffix(segments, examplePaths)) return undefined;
  const examples = examplePaths.map((p) => requestSegments(canonicalRequestPath(p)));
  let cursors: SpecCursor[] = startCursors(matcher, host);
  let changed = false;
  const out = segments.map((seg, i) => {
    let next = seg;
    if (isPlainParam(seg)) {
      const pos = positionOf(cursors);
      const fits = new Set(examples.map((e) => specSuffix(pos, e[i])));
      const [only] = fits;
      // As templating tries them: the spec's segments of several parameters first, most fixed text first.
      const parts = pos.partsParams.find((p) => examples.every((e) => e.length === segments.length && fitsParts(p.parts, e[i])));
      if (parts) {
        changed = true;
        cursors = advance(cursors, { parts: parts.parts });
        return parts.spelling;
      }
      if (fits.size === 1 && only !== undefined) {
        next = placeholder(parsePlaceholder(seg).type as `route:${string}`, only);
        changed = true;
      }
    }
    if (isPlaceholder(next)) {
      const { suffix, prefix } = parsePlaceholder(next);
      cursors = advance(cursors, { paramSuffix: affixKey(prefix, suffix) });
    } else cursors = advance(cursors, { literal: next, structural: protectedLiterals.has(next) });
    return next;
  });
  return changed ? out : undefined;
}

function isPlainParam(seg: string): boolean {
  if (!isPlaceholder(seg)) return false;
  const { type, suffix, prefix } = parsePlaceholder(seg);
  return type.startsWith('route:') && suffix === '' && prefix === '';
}
