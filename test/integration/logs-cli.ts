import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { exchangeSchema, type Exchange } from '../../lib/exchange';

export const LANTERN = fileURLToPath(new URL('../../bin/lantern', import.meta.url));
export const TEST_ENV = { ...process.env, LANTERN_FINGERPRINT_KEY: 'integration-test-fingerprint-key' };

/** Runs `bin/lantern extract` as a user would and parses (and validates) what it writes. */
export function runExtract(args: string[]): { records: Exchange[]; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [LANTERN, 'extract', ...args], { encoding: 'utf8', env: TEST_ENV, maxBuffer: 256 * 1024 * 1024 });
  const records = result.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => exchangeSchema.parse(JSON.parse(l)));
  return { records, stderr: result.stderr, status: result.status };
}
