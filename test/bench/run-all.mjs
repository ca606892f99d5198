#!/usr/bin/env node
// `npm run bench [-- name...]`: every benchmark (or the named ones) one after another, each printing its own
// figures and ratios against the baseline it measures in the same run, then one line per benchmark. They run
// in turn, never together: each measures throughput, and two at once would measure the contention.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
/** The `bench:<name>` scripts, in package.json order: adding one there adds it here. */
const all = Object.keys(pkg.scripts).filter((s) => s.startsWith('bench:')).map((s) => s.slice('bench:'.length));

const args = process.argv.slice(2);
if (args.includes('--list')) {
  console.log(all.join('\n'));
  process.exit(0);
}
const unknown = args.filter((a) => !all.includes(a));
if (unknown.length > 0) {
  console.error(`npm run bench: no benchmark ${unknown.map((u) => `'${u}'`).join(', ')}; there are: ${all.join(', ')}`);
  process.exit(2);
}
const chosen = args.length > 0 ? args : all;

const results = [];
for (const name of chosen) {
  console.log(`\n::: npm run bench:${name}`);
  const started = process.hrtime.bigint();
  const run = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  results.push({ name, status: run.status ?? `signal ${run.signal}`, seconds });
}

console.log('\n::: benchmarks');
for (const r of results) console.log(`${r.name.padEnd(10)} ${r.status === 0 ? 'ok    ' : `failed (${r.status})`} ${r.seconds.toFixed(0).padStart(5)} s`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
