// `lantern push` is `lantern ingest` aimed at a server: the same command, the one rule for writing commands.
import { run as runIngest } from './ingest';

export { HELP } from './ingest';

export const summary = 'like ingest, to a running Lantern: --server URL --token T (spools and retries)';

export function run(argv: string[]): Promise<number> {
  return runIngest(argv, 'push');
}
