/** Where bin/cli-bundle.mjs put the compiled CLI running now (its worker entries beside it); unset from source (tsx). */
const BUNDLE_DIR = Symbol.for('lantern.bundleDir');

export function bundleDir(): string | undefined {
  const dir = (globalThis as Record<symbol, unknown>)[BUNDLE_DIR];
  return typeof dir === 'string' ? dir : undefined;
}
