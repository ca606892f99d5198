/**
 * `npm run bench:pcap`: generates a ≥ 1 GiB capture of keep-alive API traffic (and a 100 MB prefix of the
 * same traffic), then in one run measures `lantern extract` (one thread with either classic reader, and the
 * CLI's default of one worker thread per CPU), httpry on the same 1 GiB, and tshark's full HTTP dissector on
 * the 100 MB slice. Prints MB/s, packets/s, exchanges/s, peak RSS and ratios. Generated data goes to
 * bench-data/ (gitignored).
 * Set BENCH_PCAP_BYTES to change the size (e.g. 200000000 for a quick run). The rows the targets are judged on
 * (the CLI on one thread, the CLI with workers, httpry) are run BENCH_PCAP_ROUNDS times (default 3) in turn, and
 * each shows its median-wall run: one run each swung the ratio by ±10 % on a noisy VM.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '../../collectors/pcap/read-capture';
import { writeStuckHeadsCapture } from '../gen/pcap/stuck-heads';
import { writeApiCapture } from '../gen/pcap/write-capture';

const ROOT = new URL('../../', import.meta.url).pathname;
const DATA = join(ROOT, 'bench-data');
const SEED = 20261123;
const BIG = Number(process.env.BENCH_PCAP_BYTES ?? 1.1 * 2 ** 30);
const SLICE = 100e6;
/** Above the 32 000-connection cap, so the worst case also evicts. */
const STUCK_CONNECTIONS = 60_000;
/** Bump when the generator changes, so cached captures in bench-data/ are rewritten. */
const GENERATOR_VERSION = 4;
const ROUNDS = Math.max(1, Number(process.env.BENCH_PCAP_ROUNDS ?? 3));

interface Run {
  tool: string;
  input: string;
  bytes: number;
  wall: number;
  cpu: number;
  rssMb: number;
  packets: number;
  exchanges: number;
}

function generate(path: string, bytes: number): { exchanges: number; packets: number; bytes: number } {
  const meta = `${path}.json`;
  const want = { seed: SEED, target: bytes, version: GENERATOR_VERSION };
  if (existsSync(path) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    if (m.seed === want.seed && m.target === want.target && m.version === want.version) return m.result;
  }
  const t = performance.now();
  const result = writeApiCapture(path, { seed: SEED, targetBytes: bytes });
  writeFileSync(meta, JSON.stringify({ ...want, result }));
  console.log(`generated ${path}: ${(result.bytes / 2 ** 20).toFixed(0)} MiB, ${result.packets} packets, ${result.exchanges} exchanges in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return result;
}

/** Runs a command under GNU time for wall, CPU (user+sys) and peak RSS; stdout goes to /dev/null. */
function timed(tool: string, input: string, cmd: string, args: string[], parse: (stderr: string) => { packets: number; exchanges: number }): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '\nTIME %e %U %S %M', cmd, ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 << 20 });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`${tool} failed: ${r.stderr.slice(-2000)}`);
  const counts = parse(r.stderr);
  return { tool, input, bytes: statSync(input).size, wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMb: Number(m[4]) / 1024, ...counts };
}

function lanternRun(reader: string, file: string): Run {
  return timed(`lantern extract (${reader})`, file, 'node', ['--import', 'tsx', 'test/bench/pcap-extract-runner.ts', reader, file], (err) => {
    const line = err.split('\n').find((l) => l.startsWith('{"exchanges"'));
    const s = JSON.parse(line ?? '{}');
    return { packets: s.packets ?? 0, exchanges: s.exchanges ?? 0 };
  });
}

/** The classic-pcap readers alone (no decoding): is the reader a bottleneck? */
async function readerOnly(file: string): Promise<string[]> {
  const lines: string[] = [];
  for (const reader of ['pcap-parser', 'builtin'] as const) {
    const t = performance.now();
    let n = 0;
    const r = await readCapture(file, { packet: () => void n++ }, { classicReader: reader });
    const s = (performance.now() - t) / 1000;
    lines.push(`reader only (${reader}): ${(r.bytes / 1e6 / s).toFixed(0)} MB/s, ${Math.round(n / s)} packets/s`);
  }
  return lines;
}

async function main(): Promise<void> {
  for (const tool of ['httpry', 'tshark']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) throw new Error(`${tool} is required (Debian package ${tool})`);
  }
  mkdirSync(DATA, { recursive: true });
  const big = join(DATA, 'api-keepalive.pcap');
  const slice = join(DATA, 'api-keepalive-100mb.pcap');
  const gen = generate(big, BIG);
  const genSlice = generate(slice, SLICE);
  // The first run after a source edit bundles the CLI (bin/cli-bundle.mjs): not part of the measure.
  spawnSync('bin/lantern', ['--help'], { cwd: ROOT, stdio: 'ignore' });
  const tiny = join(DATA, 'one-exchange.pcap');
  writeApiCapture(tiny, { seed: SEED, exchanges: 1 });
  const startup = timed('lantern extract (1 exchange)', tiny, 'bin/lantern', ['extract', tiny], () => ({ packets: 0, exchanges: 0 }));
  console.log(`lantern startup (extract of a 1-exchange capture): ${startup.cpu.toFixed(2)} s CPU, counted in the CLI row below`);
  const runs: Run[] = [];
  const cliCounts = (err: string) => ({
    packets: Number(/packets (\d+)/.exec(err)?.[1] ?? 0),
    exchanges: Number(/exchanges (\d+)/.exec(err)?.[1] ?? 0),
  });
  const workers = Math.min(availableParallelism(), 2);
  const rounds: Run[][] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push([
      timed('lantern extract CLI', big, 'bin/lantern', ['extract', '--workers', '1', big], cliCounts),
      timed('httpry', big, 'httpry', ['-q', '-r', big, '-o', '/dev/null'], () => ({ packets: gen.packets, exchanges: gen.exchanges })),
      // The CLI's default: one thread per CPU, at most 2, flows shared between them.
      timed(`lantern extract CLI, ${workers} workers`, big, 'bin/lantern', ['extract', big], cliCounts),
    ]);
  }
  const median = (k: number) => rounds.map((r) => r[k]).sort((a, b) => a.wall - b.wall)[Math.floor(ROUNDS / 2)];
  runs.push(median(0));
  runs.push(lanternRun('builtin', big));
  runs.push(lanternRun('pcap-parser', big));
  runs.push(median(1));
  runs.push(median(2));
  runs.push(timed('tshark (100 MB slice)', slice, 'tshark', ['-r', slice, '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.method', '-e', 'http.host', '-e', 'http.request.uri'], () => ({ packets: genSlice.packets, exchanges: genSlice.exchanges })));
  const httpryOut = join(DATA, 'httpry-slice.log');
  rmSync(httpryOut, { force: true }); // httpry appends to an existing log
  execFileSync('httpry', ['-q', '-r', slice, '-o', httpryOut]);
  const httpryRequests = readFileSync(httpryOut, 'utf8').split('\n').filter((l) => l.split('\t')[3] === '>').length;

  const readers = await readerOnly(slice);
  // Memory worst case: more connections than the cap, each holding a header block that never ends.
  const stuck = join(DATA, 'stuck-heads.pcap');
  writeStuckHeadsCapture(stuck, STUCK_CONNECTIONS);
  const worst = [1, workers].map((n) => timed(`stuck heads, ${n} worker${n > 1 ? 's' : ''}`, stuck, 'bin/lantern', ['extract', '--workers', String(n), stuck], cliCounts));
  const mb = (r: Run) => r.bytes / 1e6;
  console.log('\ntool                          input   MB/s(wall)  MB/s(cpu)  packets/s   exchanges/s  peak RSS');
  for (const r of runs) {
    console.log(
      `${r.tool.padEnd(28)} ${`${mb(r).toFixed(0)}MB`.padStart(7)} ${(mb(r) / r.wall).toFixed(1).padStart(10)} ${(mb(r) / r.cpu).toFixed(1).padStart(10)} ${Math.round(r.packets / r.wall).toString().padStart(10)} ${Math.round(r.exchanges / r.wall).toString().padStart(12)} ${r.rssMb.toFixed(0).padStart(6)} MB`,
    );
  }
  console.log('(the builtin / pcap-parser rows start through tsx, ~0.5 CPU-s more than the bundled CLI: compare them with each other)');
  if (ROUNDS > 1) {
    const perRound = rounds.map((r) => (r[1].wall / r[2].wall).toFixed(2)).join(', ');
    console.log(`(CLI, httpry and CLI with workers: median-wall run of ${ROUNDS} rounds in turn; ${workers} workers/httpry by round: ${perRound})`);
  }
  const cli = runs[0];
  const httpry = runs[3];
  const parallel = runs[4];
  const tshark = runs[5];
  console.log(`\nextract exchanges ${cli.exchanges} / generated ${gen.exchanges}${cli.exchanges === gen.exchanges ? ' (all found)' : ' (MISMATCH)'}`);
  console.log(`on the 100 MB slice httpry logged ${httpryRequests} requests of ${genSlice.exchanges} (packet by packet, no reassembly)`);
  const rate = (r: Run, cpu: boolean) => mb(r) / (cpu ? r.cpu : r.wall);
  for (const cpu of [false, true]) {
    const unit = cpu ? 'per CPU-second' : 'wall';
    console.log(`ratio lantern/httpry (${unit}): ${(rate(cli, cpu) / rate(httpry, cpu)).toFixed(2)}; lantern/tshark: ${(rate(cli, cpu) / rate(tshark, cpu)).toFixed(1)}; built-in/pcap-parser reader end to end: ${(rate(runs[1], cpu) / rate(runs[2], cpu)).toFixed(2)}`);
  }
  console.log(`ratio lantern with ${workers} workers/httpry (wall): ${(rate(parallel, false) / rate(httpry, false)).toFixed(2)}; ${workers} workers/1 thread (wall): ${(rate(parallel, false) / rate(cli, false)).toFixed(2)}; CPU-seconds ${parallel.cpu.toFixed(2)} vs ${cli.cpu.toFixed(2)}`);
  if (parallel.exchanges !== cli.exchanges) console.log(`MISMATCH: ${parallel.exchanges} exchanges with workers, ${cli.exchanges} with one thread`);
  for (const l of readers) console.log(l);
  console.log('MB/s(cpu) = input MB / (user + sys CPU seconds): the single-core figure, meaningful when the machine is shared.');
  const best = Math.max(rate(cli, false), rate(cli, true));
  const throughput = rate(parallel, false) / rate(httpry, false);
  const perCore = rate(cli, true) / rate(httpry, true);
  for (const r of worst) console.log(`memory worst case (${STUCK_CONNECTIONS} connections stuck mid-header, ${(r.bytes / 1e6).toFixed(0)} MB), ${r.tool}: peak RSS ${r.rssMb.toFixed(0)} MB`);
  const rss = Math.max(cli.rssMb, parallel.rssMb, ...worst.map((r) => r.rssMb));
  console.log(
    `targets: ≥ 200 MB/s on one core ${best >= 200 ? 'met' : 'NOT met'} (${best.toFixed(0)}); ≥ httpry's throughput ${throughput >= 1 ? 'met' : 'NOT met'} (${throughput.toFixed(2)}× wall with ${workers} workers; ${perCore.toFixed(2)}× per CPU-second on one thread); peak RSS ≤ 300 MB ${rss <= 300 ? 'met' : 'NOT met'} (${cli.rssMb.toFixed(0)} MB one thread, ${parallel.rssMb.toFixed(0)} MB with workers, worst case ${Math.max(...worst.map((r) => r.rssMb)).toFixed(0)} MB)`,
  );
}

await main();
