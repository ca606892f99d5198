import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { freePort } from '../free-port';
import { join } from 'node:path';

/**
 * Processes to kill: `lantern serve` on a fixed port and data directory (so it can be SIGKILLed and restarted
 * where the pushers expect it), and `lantern push` pushers with their own spool. Everything runs in its own
 * process group so SIGKILL takes the Next.js child down too, as a crash would.
 */
const ROOT = join(import.meta.dirname, '../..');
export const LANTERN = join(ROOT, 'bin/lantern');

export interface Server {
  url: string;
  kill9: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

export async function startServer(port: number, env: Record<string, string>): Promise<Server> {
  const child = spawn(LANTERN, ['serve', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LANTERN_DEMO: '0', NEXT_TELEMETRY_DISABLED: '1', LANTERN_ADMIN_PASSWORD: 'crash-admin-password', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`lantern serve exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`lantern serve not healthy in 120 s:\n${log}`);
    // `upgrading` answers data routes 503 until serve's start-up passes are done: not yet the server under test.
    if (await fetch(`${url}/api/health`).then(async (r) => r.ok && ((await r.json()) as { status?: string }).status === 'ok', () => false)) break;
    await sleep(200);
  }
  return { url, kill9: () => signalGroup(child, 'SIGKILL'), stop: () => signalGroup(child, 'SIGTERM'), output: () => log };
}

export interface Pusher {
  child: ChildProcess;
  done: Promise<number | null>;
  stderr: () => string;
  kill9: () => Promise<void>;
}

export function startPusher(file: string, server: string, token: string, name: string, dataDir: string, env: Record<string, string>): Pusher {
  const child = spawn(LANTERN, ['push', file, '--server', server, '--token', token, '--name', name, '--retry-for', '600'], {
    env: { ...process.env, ...env, LANTERN_DATA_DIR: dataDir, LANTERN_FINGERPRINT_KEY: 'shared-fingerprint-key-0123456789' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done, stderr: () => stderr, kill9: () => signalGroup(child, 'SIGKILL') };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, signal);
    } catch {
      resolve();
    }
  });
}

/** Hosts × a known number of requests each, as exchange JSON lines: several batches of observations. */
export function writeExchanges(dir: string, hosts: number): { file: string; total: number } {
  const lines: string[] = [];
  let total = 0;
  for (let h = 0; h < hosts; h++) {
    const n = (h % 7) + 1;
    for (let i = 0; i < n; i++) {
      lines.push(JSON.stringify({ ts: new Date(Date.UTC(2026, 10, 20, 0, 0, i)).toISOString(), host: `svc${h}.crash.test`, method: 'GET', path: `/v1/items/${i}`, status: 200 }));
      total++;
    }
  }
  const file = join(dir, 'exchanges.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, total };
}

export function spooled(dataDir: string): number {
  try {
    const root = join(dataDir, 'spool');
    return readdirSync(root).reduce((n, d) => n + readdirSync(join(root, d)).filter((f) => f.endsWith('.json')).length, 0);
  } catch {
    return 0;
  }
}

export { freePort };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
