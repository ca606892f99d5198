import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { conversationPcap } from '../gen/pcap/conversation';
import { SHARED_FIXTURES } from '../require';

const BIN = new URL('../../bin/lantern', import.meta.url).pathname;
const ENV = { ...process.env, LANTERN_FINGERPRINT_KEY: 'cli-test-key-0123456789' };

function lantern(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(BIN, args, { env: ENV, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function capture(path: string, paths: string[]): void {
  writeFileSync(path, conversationPcap(paths.flatMap((p) => [
    { from: 'client' as const, data: `GET ${p} HTTP/1.1\r\nHost: cli.test\r\n\r\n` },
    { from: 'server' as const, data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ])));
}

const paths = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).path as string);

test('wrong magic exits 2; a truncated capture exits 0 with a warning naming the packet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
  const bad = join(dir, 'bad.pcap');
  writeFileSync(bad, Buffer.concat([Buffer.from('d4c3b2a2', 'hex'), Buffer.alloc(60)]));
  const r1 = lantern(['extract', bad]);
  expect(r1.code).toBe(2);
  expect(r1.stdout).toBe('');
  const cut = join(dir, 'cut.pcap');
  const full = conversationPcap([
    { from: 'client', data: 'GET /kept HTTP/1.1\r\nHost: cli.test\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /lost HTTP/1.1\r\nHost: cli.test\r\n\r\n' },
  ]);
  // Cut inside the /lost request (the last two records are the 70-byte FINs).
  writeFileSync(cut, full.subarray(0, full.length - 140 - 10));
  const r2 = lantern(['extract', cut]);
  expect(r2.code).toBe(0);
  expect(paths(r2.stdout)).toEqual(['/kept']);
  expect(r2.stderr).toContain(`warning: ${cut}: packet 6: file ends inside the record; 1 exchanges before it were kept`);
  expect(r2.stderr).toMatch(/lantern: exchanges 1, files 1, packets 5, bytes \d+, flows 1, gaps 0/);
});

test('a zero-filled hole inside a capture is passed over: the exchanges after it are written, exit 0, a warning saying how much was skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-cli-'));
  const names = Array.from({ length: 12 }, (_, i) => `/item/${i}`);
  const file = join(dir, 'holed.pcap');
  capture(file, names);
  const bytes = readFileSync(file);
  const starts: number[] = [];
  for (let off = 24; off + 16 <= bytes.length; off += 16 + bytes.readUInt32LE(off + 8)) starts.push(off);
  // Zeros from inside a record header two fifths in, over 60 bytes (a hole a crash or a sparse copy leaves).
  const at = starts[Math.floor(starts.length * 0.4)];
  bytes.fill(0, at + 5, at + 65);
  writeFileSync(file, bytes);
  const r = lantern(['extract', file]);
  expect(r.code).toBe(0);
  const got = paths(r.stdout);
  expect(got.slice(0, 3)).toEqual(names.slice(0, 3));
  expect(got.slice(-5)).toEqual(names.slice(-5));
  expect(r.stderr).toMatch(/warning: \S+holed\.pcap: packet \d+: [^;]+; \d+ damaged bytes skipped, reading went on at the next intact record/);
});

test('a directory is read in name order (numeric runs as numbers), real captures and gzip included', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-dir-'));
  capture(join(dir, 'trace.pcap10'), ['/ten']);
  capture(join(dir, 'trace.pcap2'), ['/two']);
  capture(join(dir, 'trace.pcap'), ['/zero']);
  const three = join(dir, 'three.tmp');
  capture(three, ['/three']);
  writeFileSync(join(dir, 'trace.pcap3.gz'), gzipSync(readFileSync(three)));
  rmSync(three);
  writeFileSync(join(dir, 'notes.txt'), 'not a capture');
  writeFileSync(join(dir, 'trace.pcap11'), ''); // tcpdump has opened it and written nothing yet
  writeFileSync(join(dir, '.hidden'), 'state');
  copyFileSync(join(SHARED_FIXTURES, 'pcap', 'zeek__vxlan-encapsulated-http.pcap'), join(dir, 'vxlan.pcap'));
  const r = lantern(['extract', dir]);
  expect(r.code).toBe(0);
  expect(paths(r.stdout)).toEqual(['/zero', '/two', '/three', '/ten', '/image/svg']);
  // What is skipped is said (an empty file is a capture not written yet, a hidden one is not looked at).
  expect(r.stderr).toContain(`warning: ${dir}: 1 file is neither a capture nor a log and was skipped (notes.txt)`);
  expect(r.stderr.match(/neither a capture/g)).toHaveLength(1);
});

test('an xz-compressed capture is named as such (exit 2), not sent to the log reader to be told to try --format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-xz-'));
  const file = join(dir, 'trace.pcap.xz');
  // The head of `xz trace.pcap`: the stream header is all the sniff needs.
  writeFileSync(file, Buffer.from('fd377a585a000004e6d6b44602002101160000007426e5a5e0', 'hex'));
  const r = lantern(['extract', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`error: ${file}: xz-compressed, which Lantern does not read (it reads pcap, pcapng and logs, plain or gzip): decompress it first (xz -d)`);
  expect(r.stderr).not.toContain('--format');
  const piped = spawnSync(BIN, ['extract', '-'], { env: ENV, encoding: 'utf8', input: readFileSync(file) });
  expect(piped.status).toBe(2);
  expect(piped.stderr).toContain('error: -: xz-compressed, which Lantern does not read');
});

test('a gzip capture cut before anything inflates says so (exit 2), on a file and on standard input, instead of the log reader finding no line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-gzcut-'));
  const gz = spawnSync('gzip', ['-nc', join(SHARED_FIXTURES, 'pcap', 'zeek__http-methods.pcap')]).stdout;
  const said = 'a gzip file cut or damaged before its first bytes of content: nothing inflates from it to tell what it holds (gzip -t says what is wrong)';
  // 100 bytes: the gzip header and a deflate block that gives nothing yet; 10: the header alone.
  for (const cut of [100, 10]) {
    const file = join(dir, `t${cut}.pcap.gz`);
    writeFileSync(file, gz.subarray(0, cut));
    expect(spawnSync('gzip', ['-t', file]).status).not.toBe(0);
    const r = lantern(['extract', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${file}: ${said}`);
    expect(r.stderr).not.toContain('no complete line');
    const piped = spawnSync(BIN, ['extract', '-'], { env: ENV, encoding: 'utf8', input: readFileSync(file) });
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain(`error: -: ${said}`);
  }
  // A gzip log that is whole but short still goes to the log reader.
  const log = join(dir, 'short.log.gz');
  writeFileSync(log, spawnSync('gzip', ['-nc'], { input: 'ab' }).stdout);
  expect(lantern(['extract', log]).stderr).not.toContain('gzip file cut');
  rmSync(dir, { recursive: true, force: true });
});

test('a named pipe (bash process substitution, a FIFO) is read as standard input is, not refused with ESPIPE', () => {
  const file = join(SHARED_FIXTURES, 'pcap', 'zeek__pipelined-requests.pcap');
  const r = spawnSync('bash', ['-c', `"${BIN}" extract <(cat "${file}") <(gzip -c "${file}")`], { env: ENV, encoding: 'utf8' });
  expect(r.stderr).not.toContain('ESPIPE');
  expect(r.status).toBe(0);
  const direct = paths(lantern(['extract', file]).stdout);
  expect(direct).toHaveLength(5);
  expect(paths(r.stdout)).toEqual([...direct, ...direct]);
  const followed = spawnSync('bash', ['-c', `"${BIN}" extract --follow <(cat "${file}")`], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  expect(followed.status).toBe(2);
  expect(followed.stderr).toMatch(/error: \/dev\/fd\/\d+: a named pipe cannot be followed/);
});

test('a directory of directories (tcpdump -G writing to %F/) says that they are not read, and an empty directory that it is, instead of a silent nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-days-'));
  for (const day of ['2026-12-04', '2026-12-05']) {
    mkdirSync(join(dir, day));
    capture(join(dir, day, 'trace.pcap'), [`/${day}`]);
  }
  const r = lantern(['extract', dir]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`warning: ${dir}: 2 directories in it are not read (2026-12-04, 2026-12-05); name them to read them`);
  // An empty one (tcpdump not started, or writing elsewhere) says so too.
  const empty = mkdtempSync(join(tmpdir(), 'lantern-empty-'));
  writeFileSync(join(empty, 'trace.pcap'), '');
  const none = lantern(['extract', empty]);
  expect(none.code).toBe(0);
  expect(none.stderr).toContain(`warning: ${empty}: nothing to read in it (no capture or log; empty and hidden files are not read)`);
  const named = lantern(['extract', join(dir, '2026-12-04'), join(dir, '2026-12-05')]);
  expect(paths(named.stdout)).toEqual(['/2026-12-04', '/2026-12-05']);
  expect(named.stderr).not.toContain('not read');
});

test('--follow naming a capture file (tcpdump -w live.pcap) says that it is read once, not followed, instead of ending silently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-live-'));
  const file = join(dir, 'live.pcap');
  capture(file, ['/before']);
  const r = spawnSync(BIN, ['extract', '--follow', '--state-dir', join(dir, 'state'), file], { env: ENV, encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(0);
  expect(paths(r.stdout)).toEqual(['/before']);
  expect(r.stderr).toContain(`warning: ${file}: a capture file is read once, not followed; follow the directory tcpdump -C/-G or dumpcap -b rotates into, or pipe a live capture (tcpdump -w - | lantern extract -)`);
  expect(r.stderr).toMatch(/warnings 1,/);
});

test('--follow on a ring (tcpdump -C -W) and compressed rotation (-z gzip): every closed file once, in the order written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-ring-'));
  const state = mkdtempSync(join(tmpdir(), 'lantern-state-'));
  const at = (name: string, secondsAgo: number) => utimesSync(join(dir, name), new Date(Date.now() - secondsAgo * 1000), new Date(Date.now() - secondsAgo * 1000));
  // The ring wrapped: r.pcap0 is being written again, r.pcap3 (last by name) was closed before it.
  for (const [n, ago] of [[1, 40], [2, 30], [3, 20], [0, 10]] as const) {
    capture(join(dir, `r.pcap${n}`), [`/ring-${n}`]);
    at(`r.pcap${n}`, ago);
  }
  // A second writer compressing what it closes: t.pcap1 is read as t.pcap1.gz (gzip keeps the time), t.pcap2 is open.
  writeFileSync(join(dir, 't.pcap1.gz'), gzipSync(conversationPcap([
    { from: 'client', data: 'GET /gz-1 HTTP/1.1\r\nHost: cli.test\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ])));
  at('t.pcap1.gz', 50);
  capture(join(dir, 't.pcap2'), ['/gz-2']);
  at('t.pcap2', 5);
  const child = spawn(BIN, ['extract', dir, '--follow', '--state-dir', state], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  for (let i = 0; i < 100 && !out.includes('/ring-3'); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500));
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  expect(paths(out)).toEqual(['/gz-1', '/ring-1', '/ring-2', '/ring-3']);
});

test('--follow processes each completed rotated capture once and remembers across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-follow-'));
  const state = mkdtempSync(join(tmpdir(), 'lantern-state-'));
  capture(join(dir, 'cap-1.pcap'), ['/1']);
  capture(join(dir, 'cap-2.pcap'), ['/2']);
  writeFileSync(join(dir, 'README'), 'rotated by tcpdump -G 60');
  let stderr = '';
  const follow = async (until: (out: string) => boolean, during?: () => void) => {
    const child = spawn(BIN, ['extract', dir, '--follow', '--state-dir', state], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    stderr = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (stderr += c));
    setTimeout(() => during?.(), 1500);
    for (let i = 0; i < 100 && !until(out); i++) await new Promise((r) => setTimeout(r, 100));
    // One more poll interval: anything else it would (wrongly) process shows up now.
    await new Promise((r) => setTimeout(r, 1500));
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    return paths(out);
  };
  // cap-2 is still being written (no later file yet): only cap-1 is complete.
  expect(await follow((o) => o.includes('/3'), () => capture(join(dir, 'cap-3.pcap'), ['/3']))).toEqual(['/1', '/2']);
  // Listed every second for several seconds, said once.
  expect(stderr.match(/warning: .*: 1 file is not a capture and was skipped \(README\)/g)).toHaveLength(1);
  capture(join(dir, 'cap-4.pcap'), ['/4']);
  expect(await follow((o) => o.includes('/3'))).toEqual(['/3']);
});
