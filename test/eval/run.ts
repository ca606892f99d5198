import { readdir, readFile, stat } from 'node:fs/promises';
import { parseSpecText } from '../../lib/openapi/parse-document';
import { evaluateBlind } from './blind';
import { DEFAULT_EVAL, evaluateSpec, type Rate, type SpecEvaluation } from './evaluate';
import { githubLikeSpec } from './synthetic-spec';

/** `npm run eval [-- files or directories]`: the accuracy table over every real spec in ../shared/fixtures/specs, or the ones given. */
const SPEC_DIR = new URL('../../../shared/fixtures/specs/', import.meta.url).pathname;

export async function loadFixtureSpec(path: string): Promise<Record<string, unknown>> {
  const parsed = parseSpecText(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new Error(`${path}: ${parsed.problems[0].message}`);
  return parsed.value;
}

/** EVAL_SEED, EVAL_HIDE and EVAL_REQUESTS (per operation) vary the draw, to check the numbers are not luck of one seed. */
const OPTIONS = {
  ...DEFAULT_EVAL,
  ...(process.env.EVAL_SEED ? { seed: Number(process.env.EVAL_SEED) } : {}),
  ...(process.env.EVAL_HIDE ? { hideRatio: Number(process.env.EVAL_HIDE) } : {}),
  ...(process.env.EVAL_REQUESTS ? { minRequests: Number(process.env.EVAL_REQUESTS), spread: 1 } : {}),
};

const LEGEND = `
hidden: operations removed from the spec (their traffic must come out as shadow); masked: hidden operations whose
every request another documented operation explains (undetectable by anyone, left out of the shadow rates);
exact-shadow: hidden operations reported as shadow with the exact template (parameter names ignored);
shadow-P: reported shadow endpoints that are hidden operations; shadow-R: hidden operations whose traffic landed in
some shadow endpoint; zombie-P/R: deprecated or past-sunset operations with traffic; unused-P/R: operations left
without traffic; doc-misrep: documented operations with traffic not reported as documented/zombie; spurious: shadow
endpoints matching no hidden operation; shuffle: output identical for shuffled input.
`;

const pct = (r: Rate) => (r.total === 0 ? '   -  ' : `${((100 * r.hit) / r.total).toFixed(1).padStart(5)}%`);

function row(res: SpecEvaluation): string[] {
  return [res.spec, String(res.operations), String(res.exchanges), String(res.hidden), String(res.masked), `${pct(res.exactShadow)} (${res.exactShadow.hit}/${res.exactShadow.total})`, pct(res.shadowPrecision), pct(res.shadowRecall), pct(res.zombiePrecision), pct(res.zombieRecall), pct(res.unusedPrecision), pct(res.unusedRecall), String(res.documentedMisreported), String(res.spurious), res.shuffleIdentical ? 'same' : 'DIFFERENT'];
}

/** A directory stands for the specs in it (`.json`, `.yaml`, `.yml`), sorted by name. */
async function expandDirectory(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) return [path];
  const dir = path.endsWith('/') ? path : `${path}/`;
  return (await readdir(dir)).filter((f) => /\.(json|ya?ml)$/i.test(f)).sort().map((f) => dir + f);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const files = (await Promise.all((args.length > 0 ? args : [SPEC_DIR]).map(expandDirectory))).flat();
  const header = ['spec', 'ops', 'exch', 'hidden', 'masked', 'exact-shadow', 'shadow-P', 'shadow-R', 'zombie-P', 'zombie-R', 'unused-P', 'unused-R', 'doc-misrep', 'spurious', 'shuffle'];
  const rows: string[][] = [];
  const all: SpecEvaluation[] = [];
  for (const file of files) {
    const name = file.split('/').pop()!;
    const res = await loadFixtureSpec(file)
      .then((doc) => evaluateSpec(name, doc, OPTIONS))
      .catch((err: Error) => ({ spec: name, error: `evaluation failed: ${err.message}` }));
    if ('error' in res) {
      rows.push([name, `rejected: ${res.error}`]);
      continue;
    }
    all.push(res);
    rows.push(row(res));
  }
  if (args.length === 0) {
    const res = await evaluateSpec('synthetic:github-like-3.1', githubLikeSpec(), OPTIONS);
    if ('error' in res) rows.push([res.spec, `rejected: ${res.error}`]);
    else {
      all.push(res);
      rows.push(row(res));
    }
  }
  const sum = (f: (e: SpecEvaluation) => Rate): Rate => all.reduce((a, e) => ({ hit: a.hit + f(e).hit, total: a.total + f(e).total }), { hit: 0, total: 0 });
  rows.push(['TOTAL', String(all.reduce((a, e) => a + e.operations, 0)), String(all.reduce((a, e) => a + e.exchanges, 0)), String(all.reduce((a, e) => a + e.hidden, 0)), String(all.reduce((a, e) => a + e.masked, 0)), `${pct(sum((e) => e.exactShadow))} (${sum((e) => e.exactShadow).hit}/${sum((e) => e.exactShadow).total})`, pct(sum((e) => e.shadowPrecision)), pct(sum((e) => e.shadowRecall)), pct(sum((e) => e.zombiePrecision)), pct(sum((e) => e.zombieRecall)), pct(sum((e) => e.unusedPrecision)), pct(sum((e) => e.unusedRecall)), String(all.reduce((a, e) => a + e.documentedMisreported, 0)), String(all.reduce((a, e) => a + e.spurious, 0)), all.every((e) => e.shuffleIdentical) ? 'same' : 'DIFFERENT']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 2).map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => (cells.length === 2 ? `${cells[0].padEnd(widths[0])}  ${cells[1]}` : cells.map((c, i) => c.padEnd(widths[i])).join('  '));
  process.stdout.write(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  process.stdout.write(LEGEND);
  if (process.env.EVAL_VERBOSE) for (const e of all) process.stdout.write(`\n${e.spec}: ${JSON.stringify(e.misses, null, 1)}\n`);
  const blind = await blindTable(files, args.length === 0);
  const total = sum((e) => e.exactShadow);
  const ok = total.total === 0 || total.hit / total.total >= 0.98;
  const zombiesOk = all.every((e) => e.zombieRecall.hit === e.zombieRecall.total && e.zombiePrecision.hit === e.zombiePrecision.total);
  const docOk = all.every((e) => e.documentedMisreported === 0);
  const shuffleOk = all.every((e) => e.shuffleIdentical);
  process.stdout.write(`\ntargets: exact shadow ≥ 98% ${ok ? 'met' : 'MISSED'}; zombies 100% ${zombiesOk ? 'met' : 'MISSED'}; documented misreported 0 ${docOk ? 'met' : 'MISSED'}; shuffle-identical ${shuffleOk ? 'met' : 'MISSED'}\n`);
  process.stdout.write(`without a spec: exact templates ≥ 95% ${blind >= 0.95 ? 'met' : 'MISSED'}\n`);
  return ok && zombiesOk && docOk && shuffleOk && blind >= 0.95 ? 0 : 1;
}

/** The same specs' traffic templated with no spec at all (blind.ts); returns the share of exact templates. */
async function blindTable(files: string[], withSynthetic: boolean): Promise<number> {
  const docs: Array<[string, Promise<Record<string, unknown>>]> = files.map((f) => [f.split('/').pop()!, loadFixtureSpec(f)]);
  if (withSynthetic) docs.push(['synthetic:github-like-3.1', Promise.resolve(githubLikeSpec())]);
  let hit = 0;
  let total = 0;
  process.stdout.write('\nwithout a spec (templating from traffic alone; parameter names ignored):\n');
  for (const [name, doc] of docs) {
    const r = await doc.then((d) => evaluateBlind(name, d, OPTIONS)).catch((err: Error) => ({ spec: name, error: err.message }));
    if ('error' in r) {
      process.stdout.write(`  ${name.padEnd(36)} rejected: ${r.error}\n`);
      continue;
    }
    hit += r.exact.hit;
    total += r.exact.total;
    process.stdout.write(`  ${name.padEnd(36)} ${pct(r.exact)} (${r.exact.hit}/${r.exact.total})  over-merged ${r.overMerged}  split ${r.split}\n`);
    if (process.env.EVAL_VERBOSE) for (const m of r.misses) process.stdout.write(`      ${m}\n`);
  }
  process.stdout.write(`  ${'TOTAL'.padEnd(36)} ${pct({ hit, total })} (${hit}/${total})\n`);
  return total === 0 ? 1 : hit / total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => process.exit(code), (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(2);
  });
}
