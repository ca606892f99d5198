import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LANTERN } from './logs-cli';

const ROOT = join(import.meta.dirname, '../..');
const MANIFEST = join(ROOT, 'node_modules/.cache/lantern-cli/manifest.json');

/**
 * The CLI runs from an esbuild bundle that is rebuilt when any of its inputs changes (bin/cli-bundle.mjs). A
 * bundle built from another working directory listed no source at all, so it was never rebuilt again.
 */
test('a bundle built from another working directory lists its sources, so a changed source rebuilds it', () => {
  // Inside the repository and at the file system's root: the relative paths that did not lead back to it.
  const inside = mkdtempSync(join(ROOT, 'node_modules/.cache/lantern-cwd-'));
  try {
    for (const cwd of [inside, '/']) {
      rmSync(MANIFEST, { force: true });
      const r = spawnSync(process.execPath, [LANTERN, '--help'], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const inputs = JSON.parse(readFileSync(MANIFEST, 'utf8')).inputs as Record<string, [number, number]>;
      for (const source of ['bin/cli.ts', 'collectors/logs/haproxy.ts', 'collectors/pcap/shard-worker.ts', 'lib/exchange/exchange.ts']) {
        expect(inputs[source], `${cwd}: ${source}`).toEqual([statSync(join(ROOT, source)).mtimeMs, statSync(join(ROOT, source)).size]);
      }
    }
  } finally {
    rmSync(inside, { recursive: true, force: true });
  }
}, 120_000);
