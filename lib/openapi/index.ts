export * from './spec-model';
export { loadSpec, loadSpecDocument, detectSpecVersion, type ReadSpecFile } from './load-spec';
export { createMatcher, matchOperation, hostForPath, type Matcher, type MatchResult } from './matcher';
export { parsePathTemplate, templateKey, joinBasePath, type TemplateSegment } from './path-template';
export { canonicalRequestPath } from './request-path';
export { canonicalHost, resolveServers } from './servers';
export type { PathEntry } from './spec-trie';
