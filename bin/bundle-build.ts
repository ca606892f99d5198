import { basename } from 'node:path';

/** Where bin/cli-bundle.mjs put the bundle running now; unset when the CLI runs from source (tsx). */
const BUNDLE_DIR = Symbol.for('lantern.bundleDir');

/**
 * The name of the bundle's build (`build-<ms>-<pid>`, a new one whenever a source changed): what names the code for a
 * cache of its results. Undefined from source, where no name says which code runs.
 */
export function bundleBuild(): string | undefined {
  const dir = (globalThis as Record<symbol, unknown>)[BUNDLE_DIR];
  return typeof dir === 'string' ? basename(dir) : undefined;
}
