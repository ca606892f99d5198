/**
 * `npm run bench:logs`: generates ≥ 5 M nginx combined lines (test/gen/logs), then times
 * `bin/lantern extract` and GoAccess on the same file in the same run, both pinned to one core
 * (taskset), and prints lines/s for each and their ratio. Target: extract ≥ 1 M lines/s.
 *
 *   LANTERN_BENCH_LINES=5000000   lines to generate (default 5 M; the file is reused when present)
 *   LANTERN_BENCH_CORE=0          core to pin both programs to
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCombinedLog } from '../gen/logs/nginx-combined';

const root = new URL('../../', import.meta.url).pathname;
const lines = Number(process.env.LANTERN_BENCH_LINES ?? 5_000_000);
const core = process.env.LANTERN_BENCH_CORE ?? '0';
const dir = join(root, 'bench-data');
const file = join(dir, `nginx-combined-${lines}.log`);
const marker = `${file}.done`;

function run(label: string, cmd: string, args: string[]): { seconds: number; stderr: string } {
  const pinned = hasCommand('taskset') ? ['taskset', ['-c', core, cmd, ...args]] as const : [cmd, args] as const;
  const started = performance.now();
  const result = spawnSync(pinned[0], [...pinned[1]], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  return { seconds, stderr: result.stderr };
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(marker)) {
    process.stdout.write(`generating ${lines} nginx combined lines into ${file} …\n`);
    await writeCombinedLog(file, lines);
    writeFileSync(marker, `${lines}\n`);
  }
  const bytes = statSync(file).size;
  process.stdout.write(`input: ${file} (${lines} lines, ${(bytes / 1e6).toFixed(0)} MB), both pinned to core ${core}\n`);

  const lantern = run('lantern extract', process.execPath, [join(root, 'bin/lantern'), 'extract', file]);
  const summary = /lantern: exchanges (\d+), lines (\d+), malformed (\d+)/.exec(lantern.stderr);
  if (!summary || Number(summary[2]) !== lines) throw new Error(`extract did not read every line:\n${lantern.stderr}`);
  const extractRate = lines / lantern.seconds;
  process.stdout.write(`lantern extract: ${lantern.seconds.toFixed(2)} s wall, ${Math.round(extractRate)} lines/s (${summary[1]} exchanges, ${summary[3]} malformed)\n`);

  if (!hasCommand('goaccess')) {
    process.stdout.write('goaccess: not installed (apt-get install goaccess); no comparison\n');
    return;
  }
  const report = join(dir, 'goaccess-report.json');
  const goaccess = run('goaccess', 'goaccess', [file, '--log-format=COMBINED', '--no-progress', '-o', report]);
  const goaccessRate = lines / goaccess.seconds;
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { general?: { total_requests?: number } };
  process.stdout.write(`goaccess:        ${goaccess.seconds.toFixed(2)} s wall, ${Math.round(goaccessRate)} lines/s (${parsed.general?.total_requests ?? '?'} requests)\n`);
  process.stdout.write(`ratio: lantern extract is ${(extractRate / goaccessRate).toFixed(1)}× GoAccess; target ≥ 1000000 lines/s: ${extractRate >= 1e6 ? 'met' : 'not met'}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:logs: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
