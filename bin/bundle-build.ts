import { basename } from 'node:path';
import { bundleDir } from '../lib/bundle-dir';

/**
 * The name of the bundle's build (`build-<ms>-<pid>`, a new one whenever a source changed): what names the code for a
 * cache of its results. Undefined from source, where no name says which code runs.
 */
export function bundleBuild(): string | undefined {
  const dir = bundleDir();
  return dir === undefined ? undefined : basename(dir);
}
