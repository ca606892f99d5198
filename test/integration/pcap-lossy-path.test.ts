import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { extractCaptures } from '../../collectors/pcap/extract-captures';
import type { Exchange } from '../../lib/exchange';
import { hasCommand, requireFor } from '../require';

/**
 * TCP reassembly against Linux's own loss recovery. A client and a server in two network namespaces talk
 * through a third that forwards between them and drops and duplicates packets at random (nftables): the
 * capture, taken on the server's interface, misses what the router dropped, then sees SACK-driven and
 * timeout retransmissions arrive after later segments, and duplicates of others — what a capture behind a
 * lossy path looks like, made by real TCP stacks rather than by this project's generators. The client
 * says what really happened to every request; the records must say the same.
 * (Campaign 2026-12-04, 3 000 requests at 10 % loss and 5 % duplication: every record equal to a loss-free
 * run's; tshark showed 2 642 requests with its default settings, all 3 000 with out-of-order reassembly on.)
 */
const TAG = `${process.pid % 100_000}`;
const NS = { cli: `lantern-lc${TAG}`, rtr: `lantern-lr${TAG}`, srv: `lantern-ls${TAG}` };
const LINKS = { cli: `llc${TAG}`, rtrCli: `llrc${TAG}`, rtrSrv: `llrs${TAG}`, srv: `lls${TAG}` };
const CLI_ADDR = '10.232.1.2';
const SRV_ADDR = '10.232.2.2';
const PORT = 18095;
const REQUESTS = 1200;
const TRAFFIC = new URL('../gen/lossy-path-traffic.mjs', import.meta.url).pathname;

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
const inNs = (ns: string, ...args: string[]) => run('ip', 'netns', 'exec', ns, ...args);

/** Builds the three namespaces; returns why it cannot (not Linux, missing tools, no CAP_NET_ADMIN). */
function setUp(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  for (const tool of ['ip', 'nft', 'ethtool', 'dumpcap']) if (!hasCommand(tool)) return `needs ${tool} (iproute2, nftables, ethtool, tshark's dumpcap)`;
  try {
    for (const ns of Object.values(NS)) {
      run('ip', 'netns', 'add', ns);
      inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
    }
    run('ip', 'link', 'add', LINKS.cli, 'netns', NS.cli, 'type', 'veth', 'peer', 'name', LINKS.rtrCli, 'netns', NS.rtr);
    run('ip', 'link', 'add', LINKS.srv, 'netns', NS.srv, 'type', 'veth', 'peer', 'name', LINKS.rtrSrv, 'netns', NS.rtr);
    const addr = (ns: string, link: string, cidr: string) => {
      inNs(ns, 'ip', 'addr', 'add', cidr, 'dev', link);
      inNs(ns, 'ip', 'link', 'set', link, 'up');
      // Offloads off: segments of MTU size, each lost or kept on its own, as on a real path.
      inNs(ns, 'ethtool', '-K', link, 'tso', 'off', 'gso', 'off', 'gro', 'off');
    };
    addr(NS.cli, LINKS.cli, `${CLI_ADDR}/24`);
    addr(NS.rtr, LINKS.rtrCli, '10.232.1.1/24');
    addr(NS.rtr, LINKS.rtrSrv, '10.232.2.1/24');
    addr(NS.srv, LINKS.srv, `${SRV_ADDR}/24`);
    inNs(NS.cli, 'ip', 'route', 'add', 'default', 'via', '10.232.1.1');
    inNs(NS.srv, 'ip', 'route', 'add', 'default', 'via', '10.232.2.1');
    inNs(NS.rtr, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // 8 % of forwarded packets dropped, 4 % duplicated, both directions.
    execFileSync('ip', ['netns', 'exec', NS.rtr, 'nft', '-f', '-'], {
      input: `table ip lossy {
  chain pass {
    type filter hook forward priority 0; policy accept;
    numgen random mod 1000 < 80 drop
    iifname "${LINKS.rtrCli}" numgen random mod 1000 < 40 dup to ${SRV_ADDR} device "${LINKS.rtrSrv}"
    iifname "${LINKS.rtrSrv}" numgen random mod 1000 < 40 dup to ${CLI_ADDR} device "${LINKS.rtrCli}"
  }
}
`,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    return undefined;
  } catch (err) {
    tearDown();
    return `cannot build the lossy path here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); needs root with CAP_NET_ADMIN`;
  }
}

function tearDown(): void {
  for (const ns of Object.values(NS)) {
    try {
      run('ip', 'netns', 'del', ns);
    } catch {
      // Not created.
    }
  }
}

let unavailable: string | undefined = 'not set up';
const dir = mkdtempSync(join(tmpdir(), 'lantern-lossy-'));
beforeAll(() => {
  unavailable = setUp();
});
afterAll(() => {
  tearDown();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `cmd` in a namespace and resolves once it printed `ready` (or at once when no marker is given). */
function start(ns: string, args: string[], ready?: RegExp): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (!ready) return Promise.resolve(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer) => {
      seen += chunk.toString();
      if (ready.test(seen)) resolve(child);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready: ${seen}`)));
  });
}

function output(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`)))));
}

const key = (r: { method?: string; host?: string; path?: string }) => `${r.method} ${r.host} ${r.path}`;

describe('a capture behind a lossy, duplicating path (real TCP loss recovery)', () => {
  test('every request is found once, with what the client saw', async () => {
    if (!requireFor('lossy path test', unavailable === undefined, unavailable ?? '')) return;
    const capture = join(dir, 'lossy.pcapng');
    const server = await start(NS.srv, [process.execPath, TRAFFIC, 'server', SRV_ADDR, String(PORT)], /listening/);
    const dumpcap = await start(NS.srv, ['dumpcap', '-i', LINKS.srv, '-s', '0', '-w', capture], /Capturing on/);
    let truth: Array<{ method: string; host: string; path: string; status: number; requestBytes: number; responseBytes: number }>;
    try {
      const client = await start(NS.cli, [process.execPath, TRAFFIC, 'client', SRV_ADDR, String(PORT), String(REQUESTS)]);
      truth = (await output(client)).trim().split('\n').map((l) => JSON.parse(l));
      // The client's last ACKs and FINs still cross the router.
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      const stopped = new Promise((resolve) => dumpcap.once('exit', resolve));
      dumpcap.kill('SIGINT');
      await stopped;
      server.kill();
    }
    expect(truth).toHaveLength(REQUESTS);

    const records: Exchange[] = [];
    const report = await extractCaptures([capture], { fingerprintKey: 'k' }, (e) => records.push(e));
    expect(report.errors).toEqual([]);
    // The capture really holds loss recovery: retransmissions after later segments, and duplicates.
    expect(report.stats.outOfOrder).toBeGreaterThan(50);
    expect(report.stats.retransmitted).toBeGreaterThan(50);
    // Every dropped packet was sent again, so nothing is missing from the capture in the end.
    expect(report.stats.gaps).toBe(0);
    expect(report.stats.unpairedResponses).toBe(0);
    // No flow but the client's connections: late copies after the FINs are retransmissions (closed-flows.ts).
    expect(report.stats.flows).toBe(new Set(records.map((r) => r.src)).size);

    const byKey = new Map(records.map((r) => [key(r), r]));
    expect(byKey.size).toBe(records.length);
    expect([...byKey.keys()].sort()).toEqual(truth.map(key).sort());
    for (const t of truth) {
      const r = byKey.get(key(t))!;
      expect({ status: r.status, requestBytes: r.requestBytes ?? 0, responseBytes: r.responseBytes }, key(t)).toEqual({
        status: t.status,
        requestBytes: t.requestBytes,
        responseBytes: t.responseBytes,
      });
    }
  }, 120_000);
});
