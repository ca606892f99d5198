import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { freePort } from '../free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts the real thing — `bin/lantern serve` (migrations, admin bootstrap, demo seed, next start) — on a free port
 * with its own data directory, and stops it afterwards; with no environment of its own, on a copy of the demo
 * installation demo-template.ts starts once per run. Expects a build (test/run-tests.mjs builds first).
 */
export interface RunningLantern {
  url: string;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  output: () => string;
  /** The serve process's exit code once it has exited by itself, else null. */
  exitCode: () => number | null;
  stop: () => Promise<void>;
}

const ROOT = join(import.meta.dirname, '../..');

export async function startLantern(extraEnv: Record<string, string> = {}): Promise<RunningLantern> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lantern-e2e-'));
  // The demo estate seeded once per run (demo-template.ts), for the servers that take the defaults it was made with.
  if (Object.keys(extraEnv).length === 0) {
    const { inject } = await import('vitest');
    cpSync(inject('lanternDemoTemplate'), dataDir, { recursive: true });
  }
  return startLanternIn(dataDir, extraEnv);
}

/**
 * `lantern serve` on the data directory given, as it is: a first start when it is empty. Returned once health says
 * `status` (null: once it answers at all, upgrading or not).
 */
export async function startLanternIn(dataDir: string, extraEnv: Record<string, string> = {}, status: string | null = 'ok'): Promise<RunningLantern> {
  const port = await freePort();
  const adminPassword = 'e2e-admin-password';
  const child = spawn(join(ROOT, 'bin/lantern'), ['serve', '--no-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${join(dataDir, 'lantern.db')}`,
      LANTERN_DATA_DIR: dataDir,
      LANTERN_ADMIN_EMAIL: 'admin@localhost',
      LANTERN_ADMIN_PASSWORD: adminPassword,
      NEXT_TELEMETRY_DISABLED: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => log, status);
  return { url, adminEmail: 'admin@localhost', adminPassword, dataDir, output: () => log, exitCode: () => child.exitCode, stop: () => stop(child) };
}

/** Until health says `status`: `upgrading` is serve's start-up passes still running, data routes answering 503. */
async function waitForHealth(url: string, child: ChildProcess, log: () => string, status: string | null) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`lantern serve exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && (status === null || ((await res.json()) as { status?: string }).status === status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`lantern serve did not become healthy in 120 s:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-child.pid!, 'SIGTERM');
    setTimeout(() => child.exitCode === null && process.kill(-child.pid!, 'SIGKILL'), 5000).unref();
  });
}

