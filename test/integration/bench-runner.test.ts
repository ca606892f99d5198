import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

/**
 * `npm run bench` is the one command the project's performance claims cite; it once named a runner file that did
 * not exist. It runs every `bench:*` script, and each of those must name a file that exists.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

test('npm run bench lists every bench:* script, and refuses a name that is none with exit 2', () => {
  expect(pkg.scripts.bench).toBe('node test/bench/run-all.mjs');
  const names = Object.keys(pkg.scripts).filter((s) => s.startsWith('bench:')).map((s) => s.slice(6));
  const list = spawnSync(process.execPath, ['test/bench/run-all.mjs', '--list'], { encoding: 'utf8' });
  expect([list.status, list.stdout.trim().split('\n')]).toEqual([0, names]);
  const bad = spawnSync(process.execPath, ['test/bench/run-all.mjs', 'pcapp'], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("no benchmark 'pcapp'");
});

test('every benchmark script names a file that exists', () => {
  for (const [name, script] of Object.entries(pkg.scripts).filter(([n]) => n === 'bench' || n.startsWith('bench:'))) {
    const file = script.split(' ').find((w) => /^test\/bench\/.+\.(ts|mjs)$/.test(w));
    expect([name, file && existsSync(file)]).toEqual([name, true]);
  }
});
