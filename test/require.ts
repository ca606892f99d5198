import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Tests that need an outside program (tshark, chromium, PostgreSQL…) skip loudly when it is missing,
 * unless LANTERN_TEST_STRICT=1 (set by .ci/run), where a missing program fails the run instead.
 */
export const STRICT = process.env.LANTERN_TEST_STRICT === '1';

export function hasCommand(name: string): boolean {
  if (name.startsWith('/')) return existsSync(name);
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when the requirement is met. Otherwise warns (and the caller should `test.skip`),
 * or throws in strict mode so CI cannot pass by skipping.
 */
export function requireFor(what: string, ok: boolean, hint: string): boolean {
  if (ok) return true;
  const message = `SKIPPED ${what}: ${hint}`;
  if (STRICT) throw new Error(`${message} (LANTERN_TEST_STRICT=1 turns skips into failures)`);
  process.stderr.write(`\n\u001b[33m*** ${message} ***\u001b[0m\n`);
  return false;
}

export const SHARED_FIXTURES = new URL('../../shared/fixtures/', import.meta.url).pathname;
