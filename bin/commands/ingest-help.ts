import { LOG_FORMAT_OPTIONS } from '../log-format-options';

/** The options of `lantern ingest` and `lantern push`, one command (kept apart with its help: ingest.ts is long). */
export const INGEST_OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  name: { type: 'string' },
  spec: { type: 'string', multiple: true, default: [] as string[] },
  override: { type: 'string' },
  host: { type: 'string' },
  ...LOG_FORMAT_OPTIONS,
  follow: { type: 'boolean', default: false },
  'flush-every': { type: 'string', default: '30' },
  'retry-for': { type: 'string', default: '600' },
  'state-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `lantern ingest --help` and `lantern push --help`: one text for the one command. */
export const HELP = `Usage: lantern ingest|push <file|dir>... [--server URL --token T] [--name COLLECTOR] [--spec FILE]... [--override FILE]
                     [--host HOST] [--format F] [--nginx-format STR] [--apache-format STR] [--follow] [--flush-every SECONDS]
                     [--retry-for SECONDS] [--state-dir DIR]

Aggregates exchanges into endpoint observations locally (raw exchanges never leave this process) and stores them:
  with --server URL --token T   sends them to a running Lantern (POST /api/ingest), spooling to disk first so
                                nothing is lost while the server is down; retries with backoff for --retry-for
                                seconds (default 600; an outage once per run), then leaves the rest spooled for
                                the next run
  without --server              writes straight into the database DATABASE_URL names; while another process
                                holds a SQLite database's write lock, waits for it up to --retry-for seconds
The same files ingested twice are counted once, whatever their names (known by their content); the same lines
piped to standard input are another input and count again. --follow keeps reading and flushes every --flush-every seconds (30);
standard input (-) is flushed that often too, so \`lantern mirror | lantern push -\` reaches the inventory as it runs.
--follow watches directories as \`lantern extract --follow\` does: each warning is printed on stderr as it arises,
and a directory with nothing to follow yet is followed as whichever comes first, captures or logs. One --follow
run at a time follows a set of inputs with one --state-dir: a second refuses to start (exit 1), naming the first.
lantern push --resend-rejected [--server URL --token T] sends again the batches the server refused (set aside in the
spool's rejected/, never sent again on their own) once the cause is fixed; 'lantern push --resend-rejected --help'.
Environment: LANTERN_SERVER, LANTERN_TOKEN as defaults for --server and --token.
Exit codes: 0 done, 1 those inputs followed already or batches refused (set aside in rejected/), 2 usage (a --host no
host could be, a --name, or without it the hostname, empty or over 128 characters), unreadable input, or a --spec or
--override file missing or invalid, 3 batches left spooled (server unreachable), 130 (143) a run of files stopped by
Ctrl-C (SIGTERM): it says how many inputs it read and sent, and a run again reads the rest, counting nothing twice.
`;
