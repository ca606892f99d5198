import type { Exchange } from '../../lib/exchange';
import { createDiscoveryEngine } from '../../lib/discovery/discovery-engine';
import { loadSpecDocument } from '../../lib/openapi/load-spec';
import type { NormalisedSpec } from '../../lib/openapi/spec-model';
import { seededRandom } from '../../lib/seeded-random';

/**
 * `npm run bench:discover`: 1 M exchanges through discovery against a generated 1,000-operation spec
 * (90 % documented traffic with fresh IDs, 10 % undocumented with IDs, names, and ~33 k unique logins). Reports exchanges/s,
 * peak RSS, heap after a quarter and after all of the input (memory must follow endpoints, not
 * exchanges), and the ratio against a naive matcher (one regex per operation, tried in order).
 */
const TOTAL = Number(process.env.BENCH_EXCHANGES ?? 1_000_000);
const BASELINE_SAMPLE = 50_000;
const RESOURCES = 100;
const NAMES = Array.from({ length: 400 }, (_, i) => `user-${(i * 7919).toString(36)}`);

async function buildSpec(): Promise<NormalisedSpec> {
  const paths: Record<string, unknown> = {};
  const ok = { responses: { '200': { description: 'ok' } } };
  const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  for (let r = 0; r < RESOURCES; r++) {
    const res = `resource${r}s`;
    paths[`/${res}`] = { get: ok, post: ok };
    paths[`/${res}/{id}`] = { parameters: [id('id')], get: ok, put: ok, patch: ok, delete: ok };
    paths[`/${res}/{id}/items`] = { parameters: [id('id')], get: ok, post: ok };
    paths[`/${res}/{id}/items/{itemId}`] = { parameters: [id('id'), id('itemId')], get: ok, delete: ok };
  }
  const loaded = await loadSpecDocument('bench', { openapi: '3.0.3', info: { title: 'bench', version: '1' }, servers: [{ url: 'https://bench.test/v1' }], paths });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
  return loaded.spec;
}

function* exchanges(spec: NormalisedSpec, count: number, seed: number): Generator<Exchange> {
  const r = seededRandom(seed);
  const ops = spec.operations;
  for (let i = 0; i < count; i++) {
    const n = Math.floor(r() * 1e9);
    let method: string;
    let path: string;
    if (i % 10 === 9) {
      // Undocumented: a new sub-resource under a documented resource, a new area with 400 team names,
      // and one with a fresh login every time (unbounded names: the store must fold them).
      method = n % 2 === 0 ? 'GET' : 'POST';
      const kind = n % 3;
      path =
        kind === 0
          ? `/v1/resource${n % RESOURCES}s/${n}/exports`
          : kind === 1
            ? `/v1/teams/${NAMES[n % NAMES.length]}/members/${n % 100000}`
            : `/v1/logins/u${n.toString(36)}/keys`;
    } else {
      const op = ops[n % ops.length];
      method = op.method;
      path = `/v1${op.path.replace('{id}', String(n)).replace('{itemId}', (n >>> 3).toString(16))}`;
    }
    yield { ts: '2026-03-01T12:00:00Z', host: 'bench.test', method, path, status: 200, auth: [{ kind: 'none' }], src: '10.0.0.1:5000' };
  }
}

/** Live heap, after a full GC when node runs with --expose-gc (the npm script does), so quarter and end compare. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function naiveMatcher(spec: NormalisedSpec) {
  const routes = spec.operations.map((op) => ({ method: op.method, re: new RegExp(`^/v1${op.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`), op }));
  return (method: string, path: string) => routes.find((r) => r.method === method && r.re.test(path))?.op;
}

async function main(): Promise<void> {
  const spec = await buildSpec();
  process.stdout.write(`spec: ${spec.operations.length} operations; input: ${TOTAL} exchanges\n`);

  let t = performance.now();
  let cpu = process.cpuUsage();
  let sink = 0;
  for (const ex of exchanges(spec, TOTAL, 1)) sink += ex.path!.length;
  const generationMs = performance.now() - t;
  const generationCpuMs = cpuMs(process.cpuUsage(cpu));

  const engine = createDiscoveryEngine({ specs: [spec] });
  let heapAtQuarter = 0;
  t = performance.now();
  cpu = process.cpuUsage();
  let i = 0;
  for (const ex of exchanges(spec, TOTAL, 1)) {
    engine.addExchange(ex);
    if (++i === TOTAL / 4) heapAtQuarter = heapAfterGc();
  }
  const result = engine.result(new Date('2026-03-02T00:00:00Z'));
  const engineMs = performance.now() - t - generationMs;
  // CPU time is what the engine costs when the machine is shared; wall time is what a user waits.
  const engineCpuMs = cpuMs(process.cpuUsage(cpu)) - generationCpuMs;
  const heapAtEnd = heapAfterGc();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  const naive = naiveMatcher(spec);
  t = performance.now();
  for (const ex of exchanges(spec, BASELINE_SAMPLE, 1)) if (naive(ex.method!, ex.path!)) sink++;
  const naiveMs = ((performance.now() - t) * TOTAL) / BASELINE_SAMPLE - generationMs;

  const rate = (ms: number) => Math.round(TOTAL / (ms / 1000)).toLocaleString('en-US');
  const shadows = result.endpoints.filter((e) => e.state === 'shadow').map((e) => `${e.method} ${e.path}`);
  process.stdout.write(
    [
      `input generation: ${(generationMs / 1000).toFixed(2)} s (excluded below)`,
      `discover: ${(engineMs / 1000).toFixed(2)} s wall, ${rate(engineMs)} exchanges/s (target ≤ 5 s); ${(engineCpuMs / 1000).toFixed(2)} s CPU, ${rate(engineCpuMs)} exchanges/CPU-s`,
      `naive regex matcher (extrapolated from ${BASELINE_SAMPLE}): ${(naiveMs / 1000).toFixed(2)} s, ${rate(naiveMs)} exchanges/s; discover is ${(naiveMs / engineMs).toFixed(1)}× faster`,
      `peak RSS ${peakRssMb.toFixed(0)} MB; heap ${(heapAtQuarter / 1e6).toFixed(0)} MB after ${TOTAL / 4} exchanges, ${(heapAtEnd / 1e6).toFixed(0)} MB after ${TOTAL}`,
      `store: ${engine.store.matched.size} documented keys, ${engine.store.unmatched.size} undocumented keys; endpoints ${result.endpoints.length}, unused ${result.unused.length}`,
      `shadow endpoints: ${shadows.join(', ')}`,
      `(checksum ${sink % 10})`,
    ].join('\n') + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
