import { execFile, execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runVxlanMirror } from '../../collectors/mirror/vxlan-listener';
import type { Exchange } from '../../lib/exchange';
import { hasCommand, requireFor } from '../require';

/**
 * The live mirror fed by Linux itself, the way a host mirrors its own traffic without a cloud service: Node
 * clients and servers talk over loopback inside a network namespace, `tc … action mirred` copies every frame
 * into a kernel VXLAN device, and the device sends them over a veth pair to `runVxlanMirror` in this process.
 * Real encapsulation, real segmentation offloads, real IP fragmentation (mirrored frames are bigger than the
 * veth's MTU), nothing written by this project between the kernel and the mirror.
 */
const NS = `lantern-vx${process.pid}`;
const VETH = `lvx${process.pid % 1_000_000}`;
// A /30 of its own per process: two copies of this file at once (two people on one machine) route apart.
const SUBNET = `10.231.${(process.pid >> 6) & 255}.${(process.pid & 63) * 4}`;
const HOST_ADDR = SUBNET.replace(/\d+$/, (n) => String(Number(n) + 1));
const NS_ADDR = SUBNET.replace(/\d+$/, (n) => String(Number(n) + 2));
const TRAFFIC = new URL('../gen/loopback-traffic.mjs', import.meta.url).pathname;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (...args: string[]) => ip('netns', 'exec', NS, ...args);

/** Sets the namespace up; returns why it cannot be (not Linux, no iproute2, no CAP_NET_ADMIN, no vxlan/u32/mirred). */
function setUp(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  if (!hasCommand('ip') || !hasCommand('tc')) return 'needs iproute2 (ip, tc)';
  try {
    ip('netns', 'add', NS);
    ip('link', 'add', `${VETH}a`, 'type', 'veth', 'peer', 'name', `${VETH}b`);
    ip('link', 'set', `${VETH}b`, 'netns', NS);
    ip('addr', 'add', `${HOST_ADDR}/30`, 'dev', `${VETH}a`);
    ip('link', 'set', `${VETH}a`, 'up');
    inNs('ip', 'addr', 'add', `${NS_ADDR}/30`, 'dev', `${VETH}b`);
    inNs('ip', 'link', 'set', `${VETH}b`, 'up');
    inNs('ip', 'link', 'set', 'lo', 'up');
    // Checked here (vxlan, u32, mirred), made again for each mirror on the port it was given (mirrorTo).
    mirrorTo(4789);
    stopMirroring();
    return undefined;
  } catch (err) {
    tearDown();
    return `cannot build a network namespace with a VXLAN mirror here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()}); needs root with CAP_NET_ADMIN`;
  }
}

/**
 * The kernel's VXLAN device sends to `port`: the one the mirror was given, not VXLAN's 4789, which another copy of
 * this file or the host's own VXLAN (flannel) may hold; until this mend the mirror bound 4789 and a second one failed.
 */
function mirrorTo(port: number): void {
  inNs('ip', 'link', 'add', 'vxmirror', 'type', 'vxlan', 'id', '4242', 'dstport', String(port), 'remote', HOST_ADDR, 'local', NS_ADDR, 'dev', `${VETH}b`);
  inNs('ip', 'link', 'set', 'vxmirror', 'up');
  // Both directions of loopback traffic pass lo's egress once: mirror all of it.
  inNs('tc', 'qdisc', 'add', 'dev', 'lo', 'clsact');
  inNs('tc', 'filter', 'add', 'dev', 'lo', 'egress', 'protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'mirred', 'egress', 'mirror', 'dev', 'vxmirror');
}

function stopMirroring(): void {
  inNs('tc', 'qdisc', 'del', 'dev', 'lo', 'clsact');
  inNs('ip', 'link', 'del', 'vxmirror');
}

function tearDown(): void {
  try {
    ip('netns', 'del', NS);
  } catch {
    // Not created.
  }
  try {
    ip('link', 'del', `${VETH}a`);
  } catch {
    // Gone with the namespace (its peer was in it), or never made.
  }
}

let unavailable: string | undefined = 'not set up';
/** VXLAN's well-known port held elsewhere, as another copy of this file or a host's own VXLAN device (flannel) holds it. */
let elsewhere: Socket | undefined;
beforeAll(async () => {
  unavailable = setUp();
  // Held already (the situation itself) when it cannot be bound.
  elsewhere = await new Promise<Socket | undefined>((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(undefined));
    s.bind(4789, '0.0.0.0', () => resolve(s));
  });
});
afterAll(() => {
  elsewhere?.close();
  tearDown();
});

/** Runs the traffic in the namespace while the mirror listens; returns what was sent and what the mirror made of it. */
async function mirrored(loMtu: number, ports: [number, number]) {
  inNs('ip', 'link', 'set', 'lo', 'mtu', String(loMtu));
  const controller = new AbortController();
  const exchanges: Exchange[] = [];
  const warnings: string[] = [];
  let listening!: (address: string) => void;
  const ready = new Promise<string>((resolve) => (listening = resolve));
  const done = runVxlanMirror(
    { listen: `udp://${HOST_ADDR}:0`, fingerprintKey: 'k', signal: controller.signal, onListening: (a) => listening(a), onWarning: (w) => warnings.push(w) },
    (ex) => exchanges.push(ex),
  );
  // A mirror that could not listen ends at once, saying why: not a wait for the test's timeout.
  const address = await Promise.race([ready, done.then((r) => Promise.reject(new Error(`the mirror ended: ${r.errors.join('; ')}`)))]);
  mirrorTo(Number(/:(\d+)$/.exec(address)![1]));
  let out: string;
  try {
    out = await new Promise<string>((resolve, reject) =>
      execFile('ip', ['netns', 'exec', NS, process.execPath, TRAFFIC, String(ports[0]), String(ports[1]), '120'], { maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    // The last frames are still on their way through the veth when the clients finish.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    stopMirroring();
    controller.abort();
  }
  const report = await done;
  expect(report.errors).toEqual([]);
  const sent: string[] = JSON.parse(out).sent;
  const found = exchanges.map((e) => `${e.method} ${e.host} ${e.path}`);
  return { sent, found, exchanges, report };
}

describe('lantern mirror fed by a Linux VXLAN device (tc mirred)', () => {
  test('every request is found when the mirrored frames can be reassembled', async () => {
    if (!requireFor('kernel VXLAN mirror test', unavailable === undefined, unavailable ?? '')) return;
    // At this MTU the encapsulated frames still exceed the veth's 1500 bytes (IP fragments) but stay
    // far below 64 KiB, so the kernel reassembles every one.
    const { sent, found, exchanges, report } = await mirrored(1400, [18080, 18081]);
    expect(report.stats.kernelDrops).toBe(0);
    expect(report.stats.kernelReassemblyFailures).toBe(0);
    expect(report.stats.gaps).toBe(0);
    expect(found.sort()).toEqual(sent.sort());
    expect(exchanges.every((e) => e.status === 200)).toBe(true);
    expect(exchanges.filter((e) => e.transport === 'h2c')).toHaveLength(60);
    const exports = exchanges.filter((e) => e.path?.startsWith('/v1/exports/'));
    expect(exports.map((e) => e.responseBytes)).toEqual(exports.map(() => 16 * 20_001));
    expect(new Set(exchanges.filter((e) => e.transport === 'http/1.1').map((e) => e.auth?.[0]?.kind))).toEqual(new Set(['bearer-opaque']));
  }, 60_000);

  test('super-frames too big to reassemble after encapsulation are counted and explained', async () => {
    if (!requireFor('kernel VXLAN mirror test', unavailable === undefined, unavailable ?? '')) return;
    // Loopback's own 64 KiB MTU: a full segment plus 50 bytes of VXLAN is an IP datagram over 65 535 bytes,
    // which the sender fragments and no receiver can put back together. Those frames never reach the socket.
    const { sent, found, report } = await mirrored(65_536, [18082, 18083]);
    const failures = report.stats.kernelReassemblyFailures;
    expect(failures).toBeGreaterThan(0);
    expect(report.stats.gaps).toBeGreaterThan(0);
    expect(report.warnings.find((w) => w.includes(`${failures} fragmented IP datagrams could not be reassembled by the kernel`))).toMatch(/GSO\/TSO super-frame/);
    // What the mirror still reports is real: nothing that was not sent.
    const unsent = new Map<string, number>();
    for (const k of sent) unsent.set(k, (unsent.get(k) ?? 0) + 1);
    for (const k of found) {
      expect(unsent.get(k), k).toBeGreaterThan(0);
      unsent.set(k, unsent.get(k)! - 1);
    }
    expect(found.length).toBeGreaterThan(0);
  }, 60_000);
});
