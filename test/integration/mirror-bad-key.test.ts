import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished, test } from 'vitest';

const BIN = new URL('../../bin/lantern', import.meta.url).pathname;

/** The key used to be read after the flush timer and signal handlers were set up, which kept the process alive. */
test('lantern mirror with an invalid fingerprint key says so and exits instead of running on, deaf to SIGTERM', async () => {
  const child = spawn(BIN, ['mirror', '--listen', 'udp://127.0.0.1:0'], {
    env: { ...process.env, LANTERN_FINGERPRINT_KEY: 'too-short', LANTERN_DATA_DIR: mkdtempSync(join(tmpdir(), 'lantern-mirror-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Before the fix the process never ended: the test's timeout must not leave it behind.
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(stderr).toContain('LANTERN_FINGERPRINT_KEY: must have at least 16 characters');
  expect(stderr).not.toContain('listening on');
  expect(code).toBe(1);
}, 8_000);
