import { expect, test } from 'vitest';
import { createDiscoveryEngine } from './discovery-engine';
import { literalSpelling, patternShape } from './pattern-shape';

const NOW = new Date('2026-12-07T00:00:00Z');

test('a pattern copied from a URL (`%20`) acts on the traffic it names, as one with the space does', () => {
  // Until 7 Dec the escaped literal was compared as typed with decoded segments: nothing was ignored, and the
  // two file names merged into `/files/{fileId}`.
  const paths = (pattern: string) => {
    const engine = createDiscoveryEngine({ specs: [], overrides: [{ action: 'ignore', pattern }] });
    for (const path of ['/files/My%20Document%20v2.pdf', '/files/Other%20Doc.pdf']) engine.addExchange({ ts: '2026-12-01T00:00:00Z', host: 'a.test', method: 'GET', path, status: 200 });
    return engine.result(NOW).endpoints.map((e) => e.path);
  };
  expect(paths('/files/My%20Document%20v2.pdf')).toEqual(['/files/Other Doc.pdf']);
  expect(paths('/files/My%20Document%20v2.pdf')).toEqual(paths('/files/My Document v2.pdf'));
  // Near miss: another name still ignores nothing.
  expect(paths('/files/My%20Document.pdf')).toEqual(['/files/{fileId}']);
});

test('escapes with a meaning in a path or template stay escaped, upper-cased, as stored templates keep them', () => {
  expect(['a%2fb', 'what%3f', '100%25', 'x%3bY', '%7bid%7d', 'caf%C3%A9', 'My%20Doc', '%zz', 'bad%c3'].map(literalSpelling)).toEqual([
    'a%2Fb', 'what%3F', '100%25', 'x%3BY', '%7Bid%7D', 'café', 'My Doc', '%zz', 'bad%C3',
  ]);
  expect(patternShape('/files/My%20Doc/{id}')).toBe(patternShape('/files/My Doc/*'));
});
