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

interface Timing {
  wall: number;
  /** user + system CPU seconds of the child: the fair measure when other work shares the core. */
  cpu?: number;
  stderr: string;
}

function run(label: string, cmd: string, args: string[]): Timing {
  let argv: string[] = [cmd, ...args];
  if (hasCommand('taskset')) argv = ['taskset', '-c', core, ...argv];
  const timed = existsSync('/usr/bin/time');
  if (timed) argv = ['/usr/bin/time', '-f', 'BENCH-TIME %U %S', ...argv];
  const started = performance.now();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  const t = /BENCH-TIME ([\d.]+) ([\d.]+)/.exec(result.stderr);
  return { wall, cpu: t ? Number(t[1]) + Number(t[2]) : undefined, stderr: result.stderr };
}

function describe(name: string, t: Timing, extra: string): string {
  const cpu = t.cpu !== undefined ? `, ${t.cpu.toFixed(2)} s CPU = ${Math.round(lines / t.cpu)} lines/CPU-s` : '';
  return `${name} ${t.wall.toFixed(2)} s wall = ${Math.round(lines / t.wall)} lines/s${cpu} (${extra})\n`;
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

  // The first run after a source edit bundles the CLI (bin/cli-bundle.mjs): not part of the measure.
  run('lantern --help', process.execPath, [join(root, 'bin/lantern'), '--help']);
  const oneLine = join(dir, 'one-line.log');
  writeFileSync(oneLine, readFileSync(file).subarray(0, 4096).toString('latin1').split('\n')[0] + '\n');
  const startup = run('lantern extract (1 line)', process.execPath, [join(root, 'bin/lantern'), 'extract', oneLine]);
  if (startup.cpu !== undefined) process.stdout.write(`lantern startup (extract of a 1-line file): ${startup.cpu.toFixed(2)} s CPU\n`);
  const lantern = run('lantern extract', process.execPath, [join(root, 'bin/lantern'), 'extract', file]);
  const summary = /lantern: exchanges (\d+), lines (\d+), malformed (\d+)/.exec(lantern.stderr);
  if (!summary || Number(summary[2]) !== lines) throw new Error(`extract did not read every line:\n${lantern.stderr}`);
  process.stdout.write(describe('lantern extract:', lantern, `${summary[1]} exchanges, ${summary[3]} malformed`));

  if (!hasCommand('goaccess')) {
    process.stdout.write('goaccess: not installed (apt-get install goaccess); no comparison\n');
    return;
  }
  const report = join(dir, 'goaccess-report.json');
  const goaccess = run('goaccess', 'goaccess', [file, '--log-format=COMBINED', '--no-progress', '-o', report]);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as { general?: { total_requests?: number } };
  process.stdout.write(describe('goaccess:       ', goaccess, `${parsed.general?.total_requests ?? '?'} requests`));
  const wallRatio = goaccess.wall / lantern.wall;
  const cpuRatio = lantern.cpu && goaccess.cpu ? goaccess.cpu / lantern.cpu : undefined;
  process.stdout.write(`ratio (lantern ÷ goaccess lines/s): ${wallRatio.toFixed(1)}× wall${cpuRatio ? `, ${cpuRatio.toFixed(1)}× CPU` : ''}\n`);
  const best = lantern.cpu ? lines / lantern.cpu : lines / lantern.wall;
  process.stdout.write(`target ≥ 1000000 lines/s on one core: ${best >= 1e6 ? 'met' : `not met (${Math.round(best)})`}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:logs: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
