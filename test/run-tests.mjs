#!/usr/bin/env node
// `npm test`: unit and integration tests (data layer on SQLite and PostgreSQL), while a production build is made,
// then the browser tests against that build. Starts a throw-away PostgreSQL cluster when LANTERN_TEST_PG_URL is unset and PostgreSQL 15
// is installed. Anything missing is skipped LOUDLY, and LANTERN_TEST_STRICT=1 (set by .ci/run) turns skips into
// failures. Ends with a plain "N passed, N failed, N skipped" line.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const only = process.argv.slice(2);

let pgStarted = null;
if (!env.LANTERN_TEST_PG_URL && existsSync('/usr/lib/postgresql/15/bin/initdb')) {
  const out = execFileSync('bash', [join(root, 'test/pg/start-cluster.sh')], { encoding: 'utf8' });
  for (const m of out.matchAll(/export (\w+)='([^']*)'/g)) env[m[1]] = m[2];
  pgStarted = env.LANTERN_PG_DIR;
  console.log(`test: started a throw-away PostgreSQL at ${env.LANTERN_TEST_PG_URL}`);
} else if (!env.LANTERN_TEST_PG_URL) {
  console.warn('\n\u001b[33m*** PostgreSQL 15 not found: the PostgreSQL data-layer tests will be SKIPPED ***\u001b[0m\n');
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let failedRun = false;
function vitest(config, label) {
  const json = join(results, `${label}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${json}`, ...(config ? ['-c', config] : []), ...only];
  const r = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) failedRun = true;
  if (existsSync(json)) {
    const report = JSON.parse(readFileSync(json, 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    if ((report.numFailedTestSuites ?? 0) > 0 && (report.numFailedTests ?? 0) === 0) totals.failed += report.numFailedTestSuites;
    // A worker that dies (out of memory, a crash) takes its running test with it: counted nowhere in the report,
    // so the summary said "0 failed" while vitest exited 1. Tests that never finished are failures.
    const unfinished = (report.numTotalTests ?? 0) - (report.numPassedTests ?? 0) - (report.numFailedTests ?? 0) - (report.numPendingTests ?? 0) - (report.numTodoTests ?? 0);
    if (unfinished > 0) {
      console.error(`test: ${unfinished} test(s) in ${label} never finished (a worker died): counted as failed`);
      totals.failed += unfinished;
    }
  }
  if (r.status !== 0 && totals.failed === 0) {
    console.error(`test: vitest (${label}) exited ${r.status} with no failed test: an error outside the tests, counted as one failure`);
    totals.failed += 1;
  }
}

/**
 * The production build the browser tests need, started beside the unit and integration tests: none of those reads
 * `.next` (the serve tests point LANTERN_TEST_NEXT_DIR at stand-ins), and they spend much of their time waiting for
 * the CLIs and servers they start, so the build's minute no longer waits for them, nor they for it. Its output goes
 * to test-results/next-build.log, shown when it fails, rather than into the middle of vitest's report.
 */
function startBuild() {
  const logPath = join(results, 'next-build.log');
  const log = openSync(logPath, 'w');
  const child = spawn('npx', ['next', 'build'], { cwd: root, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const done = new Promise((resolve) => {
    child.on('error', (err) => resolve({ status: null, error: err }));
    child.on('exit', (status) => resolve({ status }));
  });
  return { logPath, done };
}

try {
  const build = only.length === 0 || only.some((o) => o.includes('e2e')) ? startBuild() : null;
  if (build) console.log(`test: building the dashboard for the browser tests meanwhile (${build.logPath})…`);
  vitest(null, 'unit-integration');
  if (build) {
    const { status, error } = await build.done;
    if (status !== 0) {
      process.stderr.write(readFileSync(build.logPath, 'utf8'));
      console.error(`test: next build failed${error ? `: ${error.message}` : ''}`);
      failedRun = true;
      totals.failed++;
    } else {
      vitest('vitest.e2e.config.ts', 'e2e');
    }
  }
} finally {
  if (pgStarted) spawnSync('bash', [join(root, 'test/pg/stop-cluster.sh')], { env, stdio: 'inherit' });
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedRun || totals.failed > 0 ? 1 : 0);
