import { afterEach, expect, test } from 'vitest';
import { collectorEnv, debugRequested } from './collector-env';
import { env, resetEnvCache } from './env';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

/** What env() says about the two variables: their values, or that the environment is invalid. */
function viaSchema(): [string | undefined, string] | 'invalid' {
  resetEnvCache();
  try {
    const e = env();
    return [e.LANTERN_FINGERPRINT_KEY, e.LANTERN_DATA_DIR];
  } catch {
    return 'invalid';
  }
}

function viaCollector(): [string | undefined, string] | 'invalid' {
  try {
    const e = collectorEnv();
    return [e.LANTERN_FINGERPRINT_KEY, e.LANTERN_DATA_DIR];
  } catch {
    return 'invalid';
  }
}

test('collectorEnv reads the fingerprint key and data directory by the schema’s rules', () => {
  const keys = [undefined, '', 'short', 'x'.repeat(15), 'x'.repeat(16), 'é'.repeat(16), '🔑'.repeat(8), ' '.repeat(40)];
  const dirs = [undefined, '', '/var/lib/lantern', './data'];
  let invalid = 0;
  for (const key of keys) {
    for (const dir of dirs) {
      process.env = { ...saved };
      delete process.env.LANTERN_FINGERPRINT_KEY;
      delete process.env.LANTERN_DATA_DIR;
      if (key !== undefined) process.env.LANTERN_FINGERPRINT_KEY = key;
      if (dir !== undefined) process.env.LANTERN_DATA_DIR = dir;
      const expected = viaSchema();
      expect(viaCollector(), `key ${JSON.stringify(key)}, dir ${JSON.stringify(dir)}`).toEqual(expected);
      if (expected === 'invalid') invalid++;
    }
  }
  // Both kinds of answer were compared: the short keys are refused, the rest give their values.
  expect(invalid).toBe(4 * dirs.length);
});

test('LANTERN_FINGERPRINT_KEY_FILE is read by the schema’s rules: a path, and never beside LANTERN_FINGERPRINT_KEY', () => {
  const answers = [undefined, 'x'.repeat(16)].flatMap((key) =>
    [undefined, '', '/run/secrets/lantern-fingerprint'].map((file) => {
      process.env = { ...saved };
      delete process.env.LANTERN_FINGERPRINT_KEY;
      delete process.env.LANTERN_FINGERPRINT_KEY_FILE;
      if (key !== undefined) process.env.LANTERN_FINGERPRINT_KEY = key;
      if (file !== undefined) process.env.LANTERN_FINGERPRINT_KEY_FILE = file;
      resetEnvCache();
      const schema = (() => { try { return env().LANTERN_FINGERPRINT_KEY_FILE ?? null; } catch (err) { return (err as Error).message; } })();
      const collector = (() => { try { return collectorEnv().LANTERN_FINGERPRINT_KEY_FILE ?? null; } catch (err) { return (err as Error).message; } })();
      expect(collector, `key ${key}, file ${JSON.stringify(file)}`).toBe(schema);
      return collector;
    }),
  );
  expect(answers).toEqual([
    null,
    'invalid environment:\n  LANTERN_FINGERPRINT_KEY_FILE: must be a file path',
    '/run/secrets/lantern-fingerprint',
    null,
    'invalid environment:\n  LANTERN_FINGERPRINT_KEY_FILE: must be a file path',
    'invalid environment:\n  LANTERN_FINGERPRINT_KEY_FILE: set it or LANTERN_FINGERPRINT_KEY, not both',
  ]);
});

test('an invalid key is named in the error', () => {
  expect(() => collectorEnv({ LANTERN_FINGERPRINT_KEY: 'short' })).toThrow(/LANTERN_FINGERPRINT_KEY/);
  expect(collectorEnv({})).toEqual({ LANTERN_FINGERPRINT_KEY: undefined, LANTERN_FINGERPRINT_KEY_FILE: undefined, LANTERN_DATA_DIR: './data', LANTERN_SHARD_MIN_BYTES: undefined });
});

test('LANTERN_SHARD_MIN_BYTES (test-only) is a whole number of bytes; anything else is refused by name, not read as NaN', () => {
  expect(collectorEnv({ LANTERN_SHARD_MIN_BYTES: '4096' }).LANTERN_SHARD_MIN_BYTES).toBe(4096);
  expect(collectorEnv({ LANTERN_SHARD_MIN_BYTES: '0' }).LANTERN_SHARD_MIN_BYTES).toBe(0);
  for (const bad of ['', '00', '-1', '1.5', '64MiB', ' 12'])
    expect(() => collectorEnv({ LANTERN_SHARD_MIN_BYTES: bad }), bad).toThrow('invalid environment:\n  LANTERN_SHARD_MIN_BYTES: must be a whole number of bytes (0: every capture)');
});

test('LANTERN_DEBUG is on for any value but the empty string', () => {
  expect([debugRequested({}), debugRequested({ LANTERN_DEBUG: '' }), debugRequested({ LANTERN_DEBUG: '1' })]).toEqual([false, false, true]);
});
