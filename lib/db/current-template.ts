import { retemplateStoredPath, storedTemplateMayChange } from '../discovery/stored-template';
import { matchOperation, shadowTemplateSpelling } from '../openapi/matcher';
import { appliesTo, mergedTemplate, parsePattern, type StoredOverride } from './override-patterns';
import type { SpecCatalog } from './spec-catalog';

/**
 * Today's templating rules for a template made elsewhere: a row an older release stored (the start-up pass,
 * lib/db/stored-templates.ts) or an observation a collector of an older release pushes (lib/db/ingest.ts). One
 * decision for both, so a literal the pass would make a parameter never comes back through a push. Read once per
 * page or batch: the spec catalog caches its matcher while the specs do not change.
 */
export interface TemplateRules {
  catalog: SpecCatalog;
  overrides: StoredOverride[];
  /** Per host and method: what lib/discovery/stored-template.ts must keep literal, built when first asked. */
  protectedLiterals: Map<string, Set<string>>;
}

/**
 * The template under today's rules, or the one given when nothing new decides it (`examplePaths`, the row's or the
 * observation's, decide a `{date}` that was an eight-digit ID: lib/discovery/stored-template.ts). A spec operation that matches it
 * wins: classification re-keys such a row to the spec's wire template. Literals the host's specs define and those
 * an override names (a human decision) stay.
 */
export function currentTemplate(rules: TemplateRules, host: string, method: string, template: string, examplePaths: readonly string[] = [], firstSeen?: string): string {
  // Most templates are current (every one a current collector sends): a scan of segments and one match.
  if (!storedTemplateMayChange(template, examplePaths)) return spelledAsSpecPath(rules, host, method, template);
  const target = retemplateStoredPath(host, method, template, { matcher: rules.catalog.matcher, overrides: rules.overrides, protectedLiterals: protectedLiterals(rules, host, method) }, examplePaths, firstSeen);
  if (target === template) return template;
  const documented = matchOperation(rules.catalog.matcher, host, method, mergedTemplate(rules.overrides, host, method, template)).kind === 'operation';
  return documented ? template : target;
}

/**
 * A shadow method on a documented path with the spec path's trailing slash (or without it): templating spells it so
 * since 6 Dec, and rows stored before are brought to it here (lib/openapi/matcher.ts shadowTemplateSpelling).
 */
function spelledAsSpecPath(rules: TemplateRules, host: string, method: string, template: string): string {
  const match = matchOperation(rules.catalog.matcher, host, method, mergedTemplate(rules.overrides, host, method, template));
  return shadowTemplateSpelling(match, template);
}

/** The host's spec literals, as templating protects them, and every literal an override for this host and method names. */
function protectedLiterals(rules: TemplateRules, host: string, method: string): Set<string> {
  const key = `${host}\n${method}`;
  const cached = rules.protectedLiterals.get(key);
  if (cached) return cached;
  // The matcher makes a new set per call: this one is ours to add to.
  const out = rules.catalog.matcher.literalsFor(host);
  for (const o of rules.overrides) if (appliesTo(o, host, method)) for (const p of parsePattern(o.pattern)) if (p.kind === 'literal') out.add(p.value);
  rules.protectedLiterals.set(key, out);
  return out;
}
