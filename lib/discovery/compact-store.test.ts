import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { createDiscoveryEngine } from './discovery-engine';

const NOW = new Date('2026-01-10T00:00:00Z');
const ex = (method: string, path: string): Exchange => ({ ts: '2026-01-01T00:00:00Z', host: 'api.test', method, path, status: 200 });

/** 1,200 logins, each with a couple of sub-resources, plus static paths that must survive. */
function traffic(): Exchange[] {
  const out: Exchange[] = [];
  for (let i = 0; i < 1200; i++) {
    const login = `dev-${(i * 7919).toString(36)}`;
    out.push(ex('GET', `/people/${login}/repos`), ex('GET', `/people/${login}/repos/project-${i % 300}x`));
    if (i % 3 === 0) out.push(ex('PUT', `/people/${login}/follow`));
  }
  out.push(ex('GET', '/people/me'), ex('GET', '/people/search'));
  return out;
}

function run(exchanges: Exchange[], compactFrom?: number) {
  const engine = createDiscoveryEngine({ specs: [], compactFrom });
  for (const e of exchanges) engine.addExchange(e);
  return { result: engine.result(NOW), storeSize: engine.store.unmatched.size };
}

test('compaction folds unbounded name positions and does not change the result', () => {
  const all = traffic();
  const plain = run(all, Number.POSITIVE_INFINITY);
  const compacted = run(all, 64);
  expect(plain.storeSize).toBe(2802);
  expect(compacted.storeSize).toBeLessThan(10);
  expect(JSON.stringify(compacted.result)).toBe(JSON.stringify(plain.result));
  expect(compacted.result.endpoints.map((e) => `${e.method} ${e.path} ${e.requests}`)).toEqual([
    'GET /people/me 1',
    'GET /people/search 1',
    'PUT /people/{peopleId}/follow 400',
    'GET /people/{peopleId}/repos 1200',
    'GET /people/{peopleId}/repos/{repoId} 1200',
  ]);
});

test('compaction keeps the result independent of input order', () => {
  const all = traffic();
  const reversed = [...all].reverse();
  const interleaved = all.filter((_, i) => i % 2 === 0).concat(all.filter((_, i) => i % 2 === 1));
  const expected = JSON.stringify(run(all, 64).result);
  expect(JSON.stringify(run(reversed, 64).result)).toBe(expected);
  expect(JSON.stringify(run(interleaved, 100).result)).toBe(expected);
});
