import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

/**
 * `lantern … | head -c 200`: the reader closes the pipe, the next write fails with EPIPE, and the command must end
 * quietly with its own exit code instead of an uncaught `Error: write EPIPE` and a stack trace. The pipe is closed
 * before the command writes anything, so every write of every command below meets a closed reader.
 */
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const LOG = join(import.meta.dirname, '../../../shared/fixtures/logs/integrations_nginx_test-access.log');
let env: NodeJS.ProcessEnv;

function lanternIntoClosedPipe(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(LANTERN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'lantern-pipe-'));
  env = { ...process.env, DATABASE_URL: `file:${join(dir, 'lantern.db')}`, LANTERN_DATA_DIR: dir, NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret' };
});

test('every command that writes to stdout ends quietly when the reader has gone', async () => {
  const commands = [
    ['--help'],
    ['migrate'],
    ['token', 'create', '--name', 'pipe', '--scope', 'read'],
    ['token', 'list'],
    ['inventory'],
    ['inventory', '--json'],
    ['discover', '--json', LOG],
    ['discover', LOG],
  ];
  const outcomes = [];
  for (const args of commands) {
    const { code, stderr } = await lanternIntoClosedPipe(...args);
    // stderr keeps its own lines (discover's summary, token create's notice); an error or stack trace is the bug.
    outcomes.push({ args, code, error: /Error|node:|^\s+at /m.test(stderr) });
  }
  expect(outcomes).toEqual(commands.map((args) => ({ args, code: 0, error: false })));
}, 120_000);

test('a command whose stdout and stderr go to one closed pipe (2>&1 | head) ends with its own exit code', async () => {
  // Before: a write to stderr (discover's summary) met the closed pipe, an uncaught EPIPE: exit 1 where the run had
  // succeeded, which `set -o pipefail` scripts take for a failure. `head -c 0` has gone before the command writes.
  const outcomes = [];
  for (const args of [['discover', LOG], ['extract', LOG], ['token', 'create', '--name', 'pipe-2', '--scope', 'read']]) {
    const child = spawn('bash', ['-c', 'set -o pipefail; "$0" "$@" 2>&1 | head -c 0', LANTERN, ...args], { env, stdio: 'ignore' });
    outcomes.push({ args, code: await new Promise((resolve) => child.on('close', resolve)) });
  }
  expect(outcomes).toEqual([['discover', LOG], ['extract', LOG], ['token', 'create', '--name', 'pipe-2', '--scope', 'read']].map((args) => ({ args, code: 0 })));
}, 120_000);
