/**
 * Whether `.next` was built from the sources now on disk. Checking only that a build exists served the dashboard
 * of before a `git pull` (or an edit) until someone remembered `npm run build`. A build `lantern serve` makes records
 * the fingerprint of the sources it started from; a build made otherwise (`npm run build`) has none, and is judged
 * by its BUILD_ID's mtime against the newest source instead.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `next build` reads: routes, UI, the domain code and collectors they import, generated Prisma clients, config. */
const SOURCE_DIRS = ['app', 'components', 'lib', 'collectors', 'generated'];
const SOURCE_FILES = ['proxy.ts', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** Beside BUILD_ID, so a new build (which empties .next) never inherits an old record. */
const RECORD_FILE = 'lantern-sources.json';

export interface SourceState {
  /** Hash of every source's path, mtime and size: an edit, a deletion or files restored with old mtimes all change it. */
  fingerprint: string;
  newestMtimeMs: number;
}

export type BuildState = { kind: 'none' } | { kind: 'recorded'; fingerprint: string } | { kind: 'unrecorded'; builtAtMs: number };

export type BuildDecision = 'missing' | 'stale' | 'current';

export function decideBuild(build: BuildState, sources: SourceState): BuildDecision {
  if (build.kind === 'none') return 'missing';
  if (build.kind === 'recorded') return build.fingerprint === sources.fingerprint ? 'current' : 'stale';
  return sources.newestMtimeMs > build.builtAtMs ? 'stale' : 'current';
}

export function readSourceState(root: string): SourceState {
  const entries: string[] = [];
  let newestMtimeMs = 0;
  const add = (rel: string) => {
    let st;
    try {
      st = statSync(join(root, rel));
    } catch {
      return; // an optional file (proxy.ts) or a directory not generated yet
    }
    // A directory's own mtime changes when a file in it is deleted or renamed.
    newestMtimeMs = Math.max(newestMtimeMs, st.mtimeMs);
    if (!st.isDirectory()) {
      entries.push(`${rel}\0${st.mtimeMs}\0${st.size}`);
      return;
    }
    for (const name of readdirSync(join(root, rel)).sort()) {
      // Unit tests sit beside the code; editing one does not change the dashboard.
      if (!/\.test\.tsx?$/.test(name)) add(join(rel, name));
    }
  };
  for (const rel of [...SOURCE_DIRS, ...SOURCE_FILES]) add(rel);
  return { fingerprint: createHash('sha256').update(entries.join('\n')).digest('hex'), newestMtimeMs };
}

export function readBuildState(nextDir: string): BuildState {
  let builtAtMs: number;
  try {
    builtAtMs = statSync(join(nextDir, 'BUILD_ID')).mtimeMs;
  } catch {
    return { kind: 'none' };
  }
  try {
    const { fingerprint } = JSON.parse(readFileSync(join(nextDir, RECORD_FILE), 'utf8')) as { fingerprint?: unknown };
    if (typeof fingerprint === 'string') return { kind: 'recorded', fingerprint };
  } catch {
    // no record: built by `npm run build`, or by a Lantern from before 5 Dec
  }
  return { kind: 'unrecorded', builtAtMs };
}

/** Called after a successful build with the state read before it began: an edit made during the build counts as newer. */
export function recordBuildSources(nextDir: string, sources: SourceState): void {
  writeFileSync(join(nextDir, RECORD_FILE), `${JSON.stringify({ fingerprint: sources.fingerprint })}\n`);
}
