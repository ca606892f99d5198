import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { udpSocketDrops } from './socket-drops';
import { runVxlanMirror } from './vxlan-listener';

const linux = process.platform === 'linux';

/** Sends `count` VXLAN datagrams (flags 0x08, an Ethernet frame of junk inside) from another process. */
const BLAST = `
const s = require('node:dgram').createSocket(process.argv[3]);
const d = Buffer.alloc(1000, 0x5a); d[0] = 0x08; d.writeUIntBE(4242, 4, 3);
let left = Number(process.argv[2]);
const next = () => { if (left-- === 0) return s.close(); s.send(d, Number(process.argv[1]), process.argv[4], next); };
next();
`;

/**
 * The mirror's thread is kept busy (spawnSync blocks it) while another process sends more than the socket's
 * receive buffer holds: the kernel drops the rest, and the mirror must say how many. Every datagram sent is
 * either read (counted in `packets`) or dropped, so the two must add up to what was sent.
 */
test.runIf(linux)('datagrams dropped by the kernel while the mirror was busy are counted and said', async () => {
  const controller = new AbortController();
  const warnings: string[] = [];
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const done = runVxlanMirror(
    { listen: 'udp://127.0.0.1:0', fingerprintKey: 'k', signal: controller.signal, onWarning: (w) => warnings.push(w), onListening: (a) => listening(Number(a.split(':').pop())) },
    () => undefined,
  );
  const p = await port;
  const sent = 40_000;
  const r = spawnSync(process.execPath, ['-e', BLAST, String(p), String(sent), 'udp4', '127.0.0.1'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  controller.abort();
  const report = await done;
  expect(report.errors).toEqual([]);
  const drops = report.stats.kernelDrops;
  expect(drops).toBeGreaterThan(0);
  expect(report.stats.packets + drops).toBe(sent);
  expect(report.warnings).toContain(`udp://127.0.0.1:0: ${drops} datagrams were dropped by the kernel before Lantern read them (receive buffer full): their flows have capture gaps`);
  // The buffer asked for is 32 MiB: where the kernel allows less, that is said at start.
  const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  expect(warnings.some((w) => w.startsWith('the socket receive buffer is'))).toBe(rmemMax < 32 << 20);
}, 60_000);

test.runIf(linux)('the drop counter is found for IPv4 and IPv6 sockets, and absent for a socket that is not bound', async () => {
  for (const [type, host] of [['udp4', '127.0.0.1'], ['udp6', '::1']] as const) {
    const socket = createSocket(type);
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    expect(udpSocketDrops(host, socket.address().port)).toBe(0);
    const port = socket.address().port;
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(udpSocketDrops(host, port)).toBeUndefined();
  }
});
