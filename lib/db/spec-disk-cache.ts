import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NormalisedSpec } from '../openapi/spec-model';
import { databaseKind, sqlitePath } from './database-url';

/**
 * Normalised specs kept on disk between runs of a one-shot command (`lantern inventory`): Stripe's spec costs about
 * 0.7 CPU-s to load and every run loaded it again, where reading its normalised form back costs a millisecond. A file
 * is named by the stored spec's content hash and the identity of the code that normalised it (the CLI bundle's build:
 * a loader change makes another name), so a spec pushed again or a new release never reads a stale one. Beside the
 * SQLite database, whose specs they are; a PostgreSQL database has no place of its own on this machine, and `lantern
 * serve` keeps specs in memory (spec-catalog.ts), so neither uses it.
 */
let cache: { dir: string; code: string } | undefined;

/** The directory beside a SQLite database, or undefined for PostgreSQL. */
export function specCacheDirFor(databaseUrl: string): string | undefined {
  return databaseKind(databaseUrl) === 'sqlite' ? `${sqlitePath(databaseUrl)}.spec-cache` : undefined;
}

/**
 * Files kept: every edit of the sources makes a new bundle and so new names, and each new text of a spec one more file
 * (Stripe's is 0.2 MB); the oldest beyond these are removed when one is written.
 */
const KEEP_FILES = 32;

/** Whether specs are read from and written to disk (a one-shot command asked for it). */
export function specDiskCacheOn(): boolean {
  return cache !== undefined;
}

/** From now on, normalised specs are read from and written to `dir`, under `code`'s name (undefined: no longer). */
export function useSpecDiskCache(dir: string | undefined, code?: string): void {
  cache = dir && code ? { dir, code } : undefined;
}

function fileOf(contentHash: string): string | undefined {
  if (!cache) return undefined;
  return join(cache.dir, `${createHash('sha256').update(`${cache.code}\n${contentHash}`).digest('hex').slice(0, 32)}.json`);
}

/** The spec normalised from this content, under `specId`, or undefined when none is cached (or it cannot be read). */
export function readCachedSpec(contentHash: string, specId: string): NormalisedSpec | undefined {
  const file = fileOf(contentHash);
  if (!file) return undefined;
  try {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as NormalisedSpec), id: specId };
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a rename), so a run killed halfway leaves no file another run would half read. */
export function writeCachedSpec(contentHash: string, spec: NormalisedSpec): void {
  const file = fileOf(contentHash);
  if (!file || !cache) return;
  try {
    mkdirSync(cache.dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(spec));
    renameSync(partial, file);
    pruneOldest(cache.dir);
  } catch {
    // A cache that cannot be written (a read-only directory) only costs the next run the parse.
  }
}

function pruneOldest(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length <= KEEP_FILES) return;
  const byAge = files.map((f) => ({ f, mtime: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { f } of byAge.slice(KEEP_FILES)) rmSync(join(dir, f), { force: true });
}
