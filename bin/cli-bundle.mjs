// Loads the CLI from an esbuild bundle of bin/cli.ts, rebuilt whenever one of its sources changes.
//
// Why: through tsx's loader every command paid about 0.7 CPU-s before doing anything (a hooks worker
// thread, a transform per module), 8 % of a 5 M-line `extract`; the bundle starts in a tenth of that.
// esbuild is tsx's own dependency, so a fresh clone needs nothing but `npm install`. The bundle lives
// in node_modules/.cache/lantern-cli/<build>/, with a manifest of every input file's mtime and size:
// any edit, added import or new tsconfig makes the next run rebuild (~1 s). When bundling is not
// possible (no esbuild, read-only node_modules, a syntax error), tsx runs the sources as before.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules/.cache/lantern-cli');
const manifestPath = join(cacheDir, 'manifest.json');
/** Files outside the module graph that change how it is built. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'bin/cli-bundle.mjs'];
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const KEEP_BUILDS = 20;

/** The CLI module (`{ main }`), from the bundle when it can be had, else from source through tsx. */
export async function loadCli() {
  const entry =
    freshBundle() ??
    (await buildBundle().catch((err) => {
      if (process.env.LANTERN_DEBUG) process.stderr.write(`lantern: no bundle, running from source: ${err.stack}\n`);
      return undefined;
    }));
  if (entry) {
    // Stack traces name the sources, not the bundle, when someone is looking (cli.ts prints them).
    if (process.env.LANTERN_DEBUG) process.setSourceMapsEnabled(true);
    // Parallel capture extraction starts its worker threads from the bundle's own worker entry.
    globalThis[Symbol.for('lantern.bundleDir')] = dirname(entry);
    return import(pathToFileURL(entry).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import('./cli.ts');
}

function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
  // A node_modules shared by two checkouts (a symlink) must not hand one the other's build.
  if (manifest.node !== process.version || manifest.root !== root) return undefined;
  // A manifest written before absWorkingDir (below) may list no source at all: such a bundle is never fresh.
  if (!manifest.inputs?.['bin/cli.ts']) return undefined;
  for (const [file, stamp] of Object.entries(manifest.inputs)) {
    try {
      const st = statSync(join(root, file));
      if (st.mtimeMs !== stamp[0] || st.size !== stamp[1]) return undefined;
    } catch {
      return undefined;
    }
  }
  return join(cacheDir, manifest.build, 'cli.mjs');
}

async function buildBundle() {
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild');
  const build = `build-${Date.now()}-${process.pid}`;
  const outdir = join(cacheDir, build);
  mkdirSync(cacheDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { cli: join(root, 'bin/cli.ts'), 'capture-worker': join(root, 'collectors/pcap/shard-worker.ts') },
    // The metafile names inputs relative to the working directory: from the repository, whatever the caller's cwd.
    // Built from elsewhere (`cd /var/log && lantern extract …`), every source fell outside the root and was left
    // out of the manifest, so that bundle was never rebuilt again, whatever changed (found 4 Dec, sixth session).
    absWorkingDir: root,
    bundle: true,
    splitting: true, // commands stay lazy: `extract` never loads Prisma
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node}`,
    // CommonJS inside the bundle calls require(): give it one.
    banner: { js: "import { createRequire as lanternRequire } from 'node:module'; const require = lanternRequire(import.meta.url);" },
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [keepImportMetaUrl, externalPackages],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS]) {
    const path = resolve(root, file);
    if (relative(root, path).startsWith('..')) continue;
    const st = statSync(path);
    inputs[relative(root, path)] = [st.mtimeMs, st.size];
  }
  const tmp = `${manifestPath}.${process.pid}`;
  writeFileSync(tmp, JSON.stringify({ node: process.version, root, build, inputs }));
  renameSync(tmp, manifestPath);
  try {
    removeOldBuilds(build);
  } catch {
    // another run is cleaning up too; the next one finishes the job
  }
  return join(outdir, 'cli.mjs');
}

/**
 * Code that finds files next to itself (`import.meta.url`: migrations, the Next app, Prisma's
 * generated client) keeps its own location, not the bundle's.
 */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const loader = args.path.endsWith('x') ? 'tsx' : 'ts';
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader };
    });
  },
};

/**
 * Packages stay in node_modules (native addons, Prisma's engines and Next find files next to
 * themselves), except small pure-JS ones that `extract` loads on every run: as CommonJS seen from
 * ESM, each costs a lexer pass and the CommonJS loader's file probing at every start.
 */
const INLINE_PACKAGES = new Set(['zod', 'hpack.js', 'pcap-parser']);

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      // Inside an inlined package, its own dependencies are inlined with it.
      if (INLINE_PACKAGES.has(name) || args.importer.includes('/node_modules/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * A long-running process (`--follow`) started on an old build may still load its lazy chunks: builds
 * go a day after they were made, or an hour after when more than 20 have piled up (busy editing).
 */
function removeOldBuilds(current) {
  const builds = readdirSync(cacheDir)
    .filter((name) => name.startsWith('build-') && name !== current)
    .map((name) => ({ dir: join(cacheDir, name), age: Date.now() - Number(name.split('-')[1]) }))
    .sort((a, b) => a.age - b.age);
  builds.forEach(({ dir, age }, index) => {
    if (age > DAY_MS || (index >= KEEP_BUILDS && age > HOUR_MS)) rmSync(dir, { recursive: true, force: true });
  });
}
