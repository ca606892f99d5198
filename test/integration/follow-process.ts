import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect } from 'vitest';
import { LANTERN, TEST_ENV } from './logs-cli';

/** `extract --follow` as a real process, for the follow tests: started, waited on, killed, its output counted. */
const running = new Set<ChildProcess>();
afterEach(() => {
  // A failed wait must not leave a follower running after the test.
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

export function startFollower(dir: string, out: string, inputs: string[]): ChildProcess {
  const fd = openSync(out, 'a');
  const child = spawn(process.execPath, [LANTERN, 'extract', '--follow', '--state-dir', join(dir, 'state'), ...inputs], {
    env: TEST_ENV,
    stdio: ['ignore', fd, 'pipe'],
  });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function outputLines(out: string): string[] {
  const text = readFileSync(out, 'utf8');
  return text.length === 0 ? [] : text.split('\n').filter((l) => l.length > 0);
}

export async function waitFor(what: string, ok: () => boolean, limitMs = 60_000, everyMs = 10): Promise<void> {
  const until = Date.now() + limitMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return { code: await exited, stderr };
}

export function seqCounts(lines: string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const l of lines) {
    const seq = Number(/"path":"\/seq\/(\d+)"/.exec(l)?.[1]);
    counts.set(seq, (counts.get(seq) ?? 0) + 1);
  }
  return counts;
}

export function expectEachOnce(lines: string[], total: number): void {
  const counts = seqCounts(lines);
  const twice = [...counts].filter(([, n]) => n > 1).map(([s]) => s);
  const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !counts.has(i));
  expect({ lines: lines.length, twice: twice.slice(0, 10), missing: missing.slice(0, 10) }).toEqual({ lines: total, twice: [], missing: [] });
}

