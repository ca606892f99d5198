import { createRequire } from 'node:module';
import { expect, test } from 'vitest';

// esbuild is tsx's own dependency (the CLI bundle is built with it too).
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof import('esbuild');

/** The source files loading `entry` loads before it runs: its static imports, transitively (dynamic ones wait until used). */
async function loadedAtStart(entry: string): Promise<string[]> {
  const { metafile } = await esbuild.build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    splitting: true,
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  const { inputs } = metafile;
  const root = Object.keys(inputs).find((f) => new URL(entry, import.meta.url).pathname.endsWith(f));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || inputs[file] === undefined) return;
    seen.add(file);
    for (const i of inputs[file].imports) if (i.kind !== 'dynamic-import') visit(i.path);
  };
  visit(root!);
  return [...seen];
}

const zodIn = (files: string[]) => files.filter((f) => f.includes('node_modules/zod/'));

test('a capture worker thread loads no zod: each one paid ~35 ms to start with it', async () => {
  const files = await loadedAtStart('../collectors/pcap/shard-worker.ts');
  expect(files.some((f) => f.includes('collectors/pcap/capture-engine.ts'))).toBe(true);
  expect(zodIn(files)).toEqual([]);
});

test('extract and mirror load no zod before reading: ~40 ms of a small capture’s ~190 ms run, with the workers waiting', async () => {
  for (const command of ['./commands/extract.ts', './commands/mirror.ts']) {
    const files = await loadedAtStart(command);
    expect(files.some((f) => f.includes('collectors/pcap/capture-engine.ts')), command).toBe(true);
    expect(zodIn(files), command).toEqual([]);
  }
  // Log lines, exchange files and --follow state are read with their schemas, loaded when such an input comes.
  const all = await loadedAtStart('../collectors/logs/extract-logs.ts');
  expect(zodIn(all).length).toBeGreaterThan(0);
});
