import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { parseSpecText } from './parse-document';
import { loadSpec, loadSpecDocument } from './load-spec';
import { normalisedSpecSchema, specProblemSchema } from './spec-model';

type Json = unknown;

/** Paths to every node of a JSON tree, so a mutation can target any of them. */
function nodePaths(value: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object' && out.length < 400) {
    for (const [k, v] of Object.entries(value)) nodePaths(v, [...prefix, k], out);
  }
  return out;
}

function setAt(root: Json, path: string[], value: Json | undefined): Json {
  if (path.length === 0) return value;
  let node = root as Record<string, Json>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string, Json>;
  if (value === undefined) delete node[path[path.length - 1]];
  else node[path[path.length - 1]] = value;
  return root;
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const) }),
  fc.record({ kind: fc.constant('ref' as const), target: fc.constantFrom('#', '#/paths', '#/info', '#/nope', '#/paths/~1pets', 'other.yaml#/x', 'https://evil.test/x') }),
);

async function expectCleanResult(doc: Json): Promise<void> {
  const r = await loadSpecDocument('m', doc as Record<string, unknown>);
  if (r.ok) expect(normalisedSpecSchema.safeParse(r.spec).success).toBe(true);
  else {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) expect(specProblemSchema.safeParse(p).success).toBe(true);
  }
}

for (const name of ['oai__petstore_v2.yaml', 'oai__petstore-expanded_v3.yaml']) {
  test(`loader never throws on mutated ${name} (property)`, async () => {
    const parsed = parseSpecText(await readFile(`${SHARED_FIXTURES}specs/${name}`, 'utf8'));
    if (!parsed.ok) throw new Error('fixture');
    const paths = nodePaths(parsed.value);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(paths.length - 1), mutation), { minLength: 1, maxLength: 4 }), async (mutations) => {
        let doc: Json = structuredClone(parsed.value);
        for (const [i, m] of mutations) {
          const path = paths[i];
          try {
            doc = setAt(doc, path, m.kind === 'replace' ? m.value : m.kind === 'delete' ? undefined : { $ref: m.target });
          } catch {
            // The path vanished under an earlier mutation; skip it.
          }
        }
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return;
        await expectCleanResult(doc);
      }),
      { numRuns: 60 },
    );
  });
}

test('$ref chains that loop are rejected, whatever their length (property)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), async (n) => {
      const parameters: Record<string, Json> = {};
      for (let i = 0; i < n; i++) parameters[`p${i}`] = { $ref: `#/components/parameters/p${(i + 1) % n}` };
      const r = await loadSpecDocument('loop', {
        openapi: '3.0.3',
        info: { title: 'x', version: '1' },
        paths: { '/a': { get: { parameters: [{ $ref: '#/components/parameters/p0' }], responses: { '200': { description: 'ok' } } } } },
        components: { parameters },
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems.every((p) => p.message.startsWith('$ref cycle: '))).toBe(true);
    }),
    { numRuns: 8 },
  );
});

test('YAML alias bombs of any shape are refused quickly and cleanly (property)', async () => {
  await fc.assert(
    // fan^levels ≥ 5^8 = 390,625 nodes: every case is past the 100,000-node budget (smaller trees are not bombs).
    fc.asyncProperty(fc.integer({ min: 8, max: 12 }), fc.integer({ min: 5, max: 12 }), async (levels, fan) => {
      const lines = [`l0: &l0 [${Array(fan).fill('"lol"').join(',')}]`];
      for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(fan).fill(`*l${i - 1}`).join(',')}]`);
      const text = `openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-bomb:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
      const r = await loadSpec('bomb', '/b.yaml', () => text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.problems[0].message).toMatch(/^invalid YAML: aliases expand the document by more than 100000 nodes/);
    }),
    { numRuns: 20 },
  );
});

test('a YAML anchor that contains itself is refused, not looped over', async () => {
  const text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\nx-self: &s\n  child: *s\n";
  const r = await loadSpec('self', '/s.yaml', () => text);
  expect(r).toEqual({ ok: false, problems: [{ pointer: '/x-self/child', message: 'YAML alias refers to an ancestor of itself (cyclic document)' }] });
});
