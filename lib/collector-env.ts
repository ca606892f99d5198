/**
 * The one other place that reads `process.env` (bin/cli-bundle.mjs and the Prisma CLI configs aside, see README).
 * What a collector run (`extract`, `discover`, `mirror`, …) reads from the environment: the credential
 * fingerprint key (or the file holding it), and the data directory that holds a generated one. Read without zod: env.ts's schema
 * loads it, ~40 ms of the ~190 ms `lantern extract` took on a small capture, and parallel extraction's
 * workers wait for the main thread's start-up. The rules are env.ts's for these two variables (it takes
 * them from here; collector-env.test.ts holds both to the same answers); the other variables are not a
 * collector's business and are not checked here.
 */
export const FINGERPRINT_KEY_MIN_LENGTH = 16;
export const DEFAULT_DATA_DIR = './data';
/** env.ts gives the same messages. */
export const KEY_FILE_EMPTY = 'must be a file path';
export const KEY_AND_FILE = 'set it or LANTERN_FINGERPRINT_KEY, not both';

export interface CollectorEnv {
  LANTERN_FINGERPRINT_KEY: string | undefined;
  /** A file holding the key (a mounted secret), so it need be neither in the environment nor beside the database. */
  LANTERN_FINGERPRINT_KEY_FILE: string | undefined;
  LANTERN_DATA_DIR: string;
  /** Test-only: the capture size from which `extract` shares flows between worker threads (default 64 MiB), so tests reach the workers with small captures. */
  LANTERN_SHARD_MIN_BYTES: number | undefined;
}

export function collectorEnv(source: Record<string, string | undefined> = process.env): CollectorEnv {
  const key = source.LANTERN_FINGERPRINT_KEY;
  // Counted in code points, as zod's min() counts strings.
  if (key !== undefined && [...key].length < FINGERPRINT_KEY_MIN_LENGTH) {
    throw new Error(`invalid environment:\n  LANTERN_FINGERPRINT_KEY: must have at least ${FINGERPRINT_KEY_MIN_LENGTH} characters`);
  }
  const keyFile = source.LANTERN_FINGERPRINT_KEY_FILE;
  if (keyFile !== undefined) {
    if (keyFile === '') throw new Error(`invalid environment:\n  LANTERN_FINGERPRINT_KEY_FILE: ${KEY_FILE_EMPTY}`);
    if (key !== undefined) throw new Error(`invalid environment:\n  LANTERN_FINGERPRINT_KEY_FILE: ${KEY_AND_FILE}`);
  }
  const shard = source.LANTERN_SHARD_MIN_BYTES;
  if (shard !== undefined && !/^(0|[1-9]\d{0,15})$/.test(shard)) {
    throw new Error('invalid environment:\n  LANTERN_SHARD_MIN_BYTES: must be a whole number of bytes (0: every capture)');
  }
  return {
    LANTERN_FINGERPRINT_KEY: key,
    LANTERN_FINGERPRINT_KEY_FILE: keyFile,
    LANTERN_DATA_DIR: source.LANTERN_DATA_DIR ?? DEFAULT_DATA_DIR,
    LANTERN_SHARD_MIN_BYTES: shard === undefined ? undefined : Number(shard),
  };
}

/**
 * `LANTERN_DEBUG` (any value): the CLI prints a failed command's stack trace. Read on the failure path, where the
 * environment itself may be what failed to parse, so it must not go through env() (or collectorEnv()).
 */
export function debugRequested(source: Record<string, string | undefined> = process.env): boolean {
  return Boolean(source.LANTERN_DEBUG);
}
