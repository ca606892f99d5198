// `lantern push` is `lantern ingest` aimed at a server: the same command, the one rule for writing commands.
import { resendRejected } from '../push/resend-rejected';
import { run as runIngest } from './ingest';

export { HELP } from './ingest';

export const summary = 'like ingest, to a running Lantern: --server URL --token T (spools and retries)';

export function run(argv: string[]): Promise<number> {
  if (argv.includes('--resend-rejected')) return resendRejected(argv);
  return runIngest(argv, 'push');
}
