import { createRequire } from 'node:module';
import { expect, test } from 'vitest';

// esbuild is tsx's own dependency (the CLI bundle is built with it too).
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as typeof import('esbuild');

test('a capture worker thread loads no zod: each one paid ~35 ms to start with it', async () => {
  const { metafile } = await esbuild.build({
    entryPoints: [new URL('./shard-worker.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    metafile: true,
    outdir: 'unused',
    logLevel: 'silent',
  });
  const inputs = Object.keys(metafile.inputs);
  expect(inputs.some((f) => f.includes('collectors/pcap/capture-engine.ts'))).toBe(true);
  expect(inputs.filter((f) => f.includes('node_modules/zod/'))).toEqual([]);
});
