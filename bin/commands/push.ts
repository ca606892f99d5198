// `lantern push` is `lantern ingest` aimed at a server: the same command, the one rule for writing commands.
export { run, HELP } from './ingest';

export const summary = 'like ingest, to a running Lantern: --server URL --token T (spools and retries)';
