import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runLantern } from '../run-lantern';

const CAPTURE = join(import.meta.dirname, '../../../shared/fixtures/pcap/zeek__http-methods.pcap');
const LOG = join(import.meta.dirname, '../../../shared/fixtures/logs/filebeat_nginx_access_test.log');

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'lantern-same-file-'));
  const { LANTERN_SERVER: _s, LANTERN_TOKEN: _t, ...rest } = process.env;
  const env = { ...rest, LANTERN_DATA_DIR: join(root, 'data'), DATABASE_URL: `file:${join(root, 'data/lantern.db')}` };
  const captures = join(root, 'captures');
  const logs = join(root, 'logs');
  mkdirSync(captures);
  mkdirSync(logs);
  copyFileSync(CAPTURE, join(captures, 'a.pcap'));
  copyFileSync(LOG, join(logs, 'access.log'));
  return { root, env, captures, logs, pcap: join(captures, 'a.pcap'), log: join(logs, 'access.log') };
}

test('extract reads a file once however often it is named: twice, through a symlink, or inside a directory named too', async () => {
  // Before: each spelling was read again, every exchange written once per name (54 for `a.pcap a.pcap`), and silently.
  const { root, env, captures, logs, pcap, log } = setUp();
  const link = join(root, 'link.pcap');
  symlinkSync(pcap, link);
  const once = async (input: string) => (await runLantern(['extract', input], env)).stdout;
  const [capture, accessLog] = [await once(pcap), await once(log)];
  expect(capture.split('\n').length - 1).toBe(26);
  expect(accessLog.split('\n').length - 1).toBe(7);
  const cases: [string[], string, string][] = [
    [[pcap, pcap], capture, `${pcap}: named twice, read once`],
    [[pcap, link], capture, `${link}: the same file as ${pcap}, read once`],
    [[captures, pcap], capture, `${pcap}: read once, with the directory ${captures} it is in`],
    [[pcap, `${captures}/`], capture, `${pcap}: read once, with the directory ${captures}/ it is in`],
    [[captures, `${captures}/.`], capture, `${captures}/.: the same directory as ${captures}, read once`],
    [[logs, log], accessLog, `${log}: read once, with the directory ${logs} it is in`],
    [[log, `${logs}/../logs/access.log`], accessLog, `${logs}/../logs/access.log: the same file as ${log}, read once`],
  ];
  for (const [inputs, stdout, warning] of cases) {
    const r = await runLantern(['extract', ...inputs], env);
    // The capture's one malformed warning (one per file read: its 23 bad heads) is not about naming it twice.
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect([r.code, r.stdout, warnings.filter((l) => !l.includes(' malformed: '))], inputs.join(' ')).toEqual([0, stdout, [`warning: ${warning}`]]);
    expect(warnings.filter((l) => l.includes(' malformed: ')), inputs.join(' ')).toHaveLength(stdout === capture ? 1 : 0);
  }
});

test("a directory's symlink to another of its files (access.log -> access.log.1) is read once, by extract and ingest", async () => {
  // Before: the capture and the log were each read twice from the directory, and ingest stored every request twice.
  const { env, captures, logs, pcap } = setUp();
  symlinkSync('a.pcap', join(captures, 'current.pcap'));
  symlinkSync('access.log', join(logs, 'today.log'));
  const r = await runLantern(['extract', captures, logs], env);
  expect([r.code, r.stdout.split('\n').length - 1, r.stderr.split('\n').filter((l) => l.startsWith('warning: '))]).toEqual([
    0,
    26 + 7,
    [
      `warning: ${captures}: current.pcap is a.pcap again (a symlink or a hard link), read once`,
      `warning: ${logs}: today.log is access.log again (a symlink or a hard link), read once`,
      `warning: ${captures}/a.pcap: 23 malformed: 23 HTTP heads that do not parse (the first at packet 14)`,
    ],
  ]);
  const requests = async (inputs: string[]) => {
    const { env: fresh } = setUp();
    expect((await runLantern(['migrate'], fresh)).code).toBe(0);
    expect((await runLantern(['ingest', ...inputs], fresh)).code).toBe(0);
    const inv = JSON.parse((await runLantern(['inventory', '--json'], fresh)).stdout) as { endpoints: { requests: number }[] };
    return inv.endpoints.reduce((n, e) => n + e.requests, 0);
  };
  // The capture named on its own as well as in its directory is one input too: before, the two were keyed apart
  // (the directory's key covers its symlink too), so its requests were stored twice.
  expect(await requests([captures, pcap, logs])).toBe(await requests([pcap, join(logs, 'access.log')]));
});

test('standard input named twice, as - and /dev/stdin (or as - and the file it comes from), is read once', async () => {
  // Before: `extract - /dev/stdin < access.log` wrote every exchange twice (/dev/stdin opens the file again), and
  // `cat access.log | extract - /dev/stdin` found the pipe emptied by `-` and failed "/dev/stdin: empty", exit 2.
  const { env, log } = setUp();
  const lantern = join(import.meta.dirname, '../../bin/lantern');
  // A pipe made by the shell: Node's own 'pipe' is a socket, which /dev/stdin cannot open.
  const extract = (inputs: string[], stdin: 'pipe' | 'ignore' | number) =>
    stdin === 'pipe'
      ? spawnSync('sh', ['-c', 'l="$1"; shift; cat "$0" | "$l" extract "$@"', log, lantern, ...inputs], { env, encoding: 'utf8' })
      : spawnSync(lantern, ['extract', ...inputs], { env, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'] });
  const once = extract([log], 'ignore').stdout;
  expect(once.split('\n').length - 1).toBe(7);
  // The redirected file is opened afresh for each run: a descriptor shared by runs is at its end after the first.
  const cases: [string[], 'pipe' | 'file', string][] = [
    [['-', '/dev/stdin'], 'pipe', '/dev/stdin: the same input as -, read once'],
    [['/dev/stdin', '-'], 'pipe', '-: the same input as /dev/stdin, read once'],
    [['-', '/dev/stdin'], 'file', '/dev/stdin: the same file as -, read once'],
    [['-', log], 'file', `${log}: the same file as -, read once`],
  ];
  for (const [inputs, stdin, warning] of cases) {
    const fd = stdin === 'file' ? openSync(log, 'r') : undefined;
    try {
      const r = extract(inputs, fd ?? 'pipe');
      const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { path: string });
      expect([r.status, lines.map((l) => l.path), r.stderr.split('\n').filter((l) => l.startsWith('warning: '))], `${inputs.join(' ')} < ${stdin}`).toEqual([
        0,
        once.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { path: string }).path),
        [`warning: ${warning}`],
      ]);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
});

test('/dev/stdin is read when standard input is a socket (a service manager, a parent process), and a socket file is said in words', async () => {
  // Before: "lantern extract: /dev/stdin: no such device or address", exit 1: a socket cannot be opened by its name,
  // and the failure escaped as a crash of the run. Node's own 'pipe' stdio is a socket pair.
  const { env, log } = setUp();
  const lantern = join(import.meta.dirname, '../../bin/lantern');
  const r = spawnSync(lantern, ['extract', '/dev/stdin'], { env, encoding: 'utf8', input: readFileSync(log) });
  expect([r.status, r.stdout.split('\n').filter(Boolean).length, r.stderr.split('\n').filter((l) => l.startsWith('error') || l.startsWith('lantern extract:'))]).toEqual([0, 7, []]);
  const dir = mkdtempSync(join(tmpdir(), 'lantern-socket-'));
  const socket = join(dir, 'collector.sock');
  const server = createServer().listen(socket);
  await once(server, 'listening');
  try {
    const s = await runLantern(['extract', socket], env);
    expect([s.code, s.stdout, s.stderr.split('\n').filter((l) => l.startsWith('error') || l.startsWith('lantern extract:'))]).toEqual([2, '', [`error: ${socket}: no such device or address`]]);
  } finally {
    server.close();
  }
});
