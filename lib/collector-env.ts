/**
 * What a collector run (`extract`, `discover`, `mirror`, …) reads from the environment: the credential
 * fingerprint key, and the data directory that holds a generated one. Read without zod: env.ts's schema
 * loads it, ~40 ms of the ~190 ms `lantern extract` took on a small capture, and parallel extraction's
 * workers wait for the main thread's start-up. The rules are env.ts's for these two variables (it takes
 * them from here; collector-env.test.ts holds both to the same answers); the other variables are not a
 * collector's business and are not checked here.
 */
export const FINGERPRINT_KEY_MIN_LENGTH = 16;
export const DEFAULT_DATA_DIR = './data';

export interface CollectorEnv {
  LANTERN_FINGERPRINT_KEY: string | undefined;
  LANTERN_DATA_DIR: string;
}

export function collectorEnv(source: Record<string, string | undefined> = process.env): CollectorEnv {
  const key = source.LANTERN_FINGERPRINT_KEY;
  // Counted in code points, as zod's min() counts strings.
  if (key !== undefined && [...key].length < FINGERPRINT_KEY_MIN_LENGTH) {
    throw new Error(`invalid environment:\n  LANTERN_FINGERPRINT_KEY: must have at least ${FINGERPRINT_KEY_MIN_LENGTH} characters`);
  }
  return { LANTERN_FINGERPRINT_KEY: key, LANTERN_DATA_DIR: source.LANTERN_DATA_DIR ?? DEFAULT_DATA_DIR };
}
