import { expect, test } from 'vitest';
import { seededRandom } from '../seeded-random';
import { parsePathTemplate } from './path-template';
import { fitsAffixed, type AffixedParam } from './spec-trie';

/** The affixed parameter the trie builds for a one-segment template. */
function affixedFor(template: string): AffixedParam {
  const seg = parsePathTemplate(template)[0];
  if (seg.kind !== 'param') throw new Error(`${template} is not a parameter segment`);
  return { ...seg, node: { literals: new Map(), affixed: [] } };
}

/** What a segment with several parameters meant until 6 Dec: the literal text joined by lazy `(.+?)`. */
function lazyRegexFits(template: string, seg: string): boolean {
  const literalParts = template.split(/\{[^{}]+\}/);
  return new RegExp(`^${literalParts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.+?)')}$`).test(seg);
}

test('several parameters in one segment: the same answers as the lazy regex on 20,000 generated segments', () => {
  const templates = ['{name}.{ext}', '{year}-{month}-{day}.{ext}', '{repo_name}-issues-{task_id}.zip', 'v{major}.{minor}', '{a}{b}', '{a}--{b}-', 'x{a}.{b}.y'];
  const alphabet = ['a', '-', '.', 'x', 'y', 'v', 'z', 'issues', '-issues-', '.zip', '--'];
  const random = seededRandom(6);
  let fits = 0;
  const differ: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const template = templates[i % templates.length];
    let seg = '';
    const pieces = Math.floor(random() * 9);
    for (let k = 0; k < pieces; k++) seg += alphabet[Math.floor(random() * alphabet.length)];
    const expected = lazyRegexFits(template, seg);
    if (expected) fits++;
    if (fitsAffixed(affixedFor(template), seg) !== expected) differ.push(`${template} ${seg}`);
  }
  expect(differ).toEqual([]);
  // Both answers occur often enough for the comparison to mean something.
  expect(fits).toBeGreaterThan(2_000);
  expect(fits).toBeLessThan(18_000);
});
