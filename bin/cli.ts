/**
 * `lantern <command>`: each command is a module in ./commands exporting `run(argv) → exit code`,
 * loaded lazily so `extract` never pays for Prisma and `migrate` never pays for the pcap readers.
 */
import { debugRequested } from '../lib/collector-env';
import { DATABASE_BUSY_MESSAGE, isDatabaseBusy } from '../lib/db/database-busy';
import { databaseConnectionProblem } from '../lib/db/database-connection';
import { DATABASE_UNMIGRATED_MESSAGE, isDatabaseUnmigrated, isNotSqliteDatabase, isSqliteFileMissing, NOT_SQLITE_DATABASE_MESSAGE } from '../lib/db/database-unmigrated';
import { fileProblem } from '../lib/file-problem';
import { version } from '../package.json';
import { dropOutputOnClosedPipe } from './closed-pipe';

/**
 * `subcommands`: a command's errors are said under the subcommand given (`lantern token create: …`), its own and main's
 * alike. `failedRunExit`: the exit code of a run that failed (a database it could not read), where 1 means something
 * else for the command (check: offenders found).
 */
type CommandModule = { run: (argv: string[]) => Promise<number>; summary: string; subcommands?: readonly string[]; failedRunExit?: number };

const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./commands/serve'),
  migrate: () => import('./commands/migrate'),
  user: () => import('./commands/user'),
  token: () => import('./commands/token'),
  extract: () => import('./commands/extract'),
  mirror: () => import('./commands/mirror'),
  discover: () => import('./commands/discover'),
  ingest: () => import('./commands/ingest'),
  push: () => import('./commands/push'),
  spec: () => import('./commands/spec'),
  check: () => import('./commands/check'),
  inventory: () => import('./commands/inventory'),
};

export async function main(argv: string[]): Promise<number> {
  // One guard for every command's stdout, rather than one per write site (inventory, token list, discover…); stderr
  // too, for `2>&1 | head`: until 6 Dec the summary's write there was an uncaught EPIPE, exit 1.
  dropOutputOnClosedPipe(process.stdout);
  dropOutputOnClosedPipe(process.stderr);
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    // `lantern help extract`, as git and npm take it: until 6 Dec the command list, the command's options unsaid. An
    // unknown one is said as `lantern <it>` says it.
    if (name === 'help' && rest.length > 0) return main(Object.hasOwn(COMMANDS, rest[0]) ? [rest[0], '--help'] : [rest[0]]);
    process.stdout.write(await usage());
    return 0;
  }
  // The spellings of help's three: a bug report or a support question starts with "which version?".
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`lantern ${version}\n`);
    return 0;
  }
  // No command is a usage error like an unknown one: exit 2, and the text on stderr so nothing reads it as output.
  if (!name) {
    process.stderr.write(await usage());
    return 2;
  }
  // Own keys only: `lantern toString` or `lantern constructor` found Object's methods and failed with a TypeError (exit 1).
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`lantern: unknown command '${name}'\n\n${await usage()}`);
    return 2;
  }
  let label = name;
  let failedRunExit = 1;
  try {
    const command = await load();
    failedRunExit = command.failedRunExit ?? 1;
    // Until 6 Dec `lantern token create` said a bad --scope under `lantern token create:` but a locked database under
    // `lantern token:`: one command, two names.
    if (command.subcommands?.includes(rest[0])) label = `${name} ${rest[0]}`;
    // `lantern user help`, as `lantern help user` is taken.
    else if (command.subcommands && rest[0] === 'help' && rest.length === 1) return await command.run(['--help']);
    // The command itself then prints its usage and exits 2, as for a missing subcommand.
    else if (command.subcommands && rest[0] !== undefined && !rest[0].startsWith('-')) process.stderr.write(unknownSubcommand(name, rest[0], command.subcommands));
    // Options with no subcommand among the arguments (`lantern user --email E --role admin`, `add` forgotten): until
    // 7 Dec the usage alone, nothing saying a subcommand was missing. Said after the usage the command prints (an
    // unknown option throws instead, and is said as such); help asked for is the help.
    const noSubcommand = command.subcommands && rest[0]?.startsWith('-') && !rest.some((a) => a === '-h' || a === '--help' || command.subcommands!.includes(a));
    const code = await command.run(rest);
    if (noSubcommand && code === 2) process.stderr.write(`lantern ${name}: a subcommand comes first (${command.subcommands!.join(', ')})\n`);
    return code;
  } catch (err) {
    if (isUsageError(err)) {
      process.stderr.write(`lantern ${label}: ${usageMessage(err)}\nRun 'lantern ${name} --help' for its options.\n`);
      return 2;
    }
    process.stderr.write(`lantern ${label}: ${failureMessage(err)}\n`);
    if (debugRequested()) process.stderr.write(`${(err as Error).stack}\n`);
    return failedRunExit;
  }
}

/**
 * The line said before a command's usage for a subcommand it has not: until 7 Dec `lantern user dissable E` printed the
 * usage alone, nothing pointing at the typo. What was typed is echoed only when it looks like a word: a token pasted
 * there (`lantern token lt_…`) is not put on screen.
 */
function unknownSubcommand(name: string, typed: string, subcommands: readonly string[]): string {
  const echoed = /^[a-z][a-z-]{0,30}$/.test(typed) ? ` '${typed}'` : '';
  return `lantern ${name}: unknown subcommand${echoed} (${subcommands.join(', ')})\n\n`;
}

/** Prisma's text for the database mistakes a user makes or meets most, said with their cause and cure. */
function failureMessage(err: unknown): string {
  // SQLite's lock held by another process past the busy timeout: Prisma says only 'Operation has timed out'.
  if (isDatabaseBusy(err)) return DATABASE_BUSY_MESSAGE;
  if (isDatabaseUnmigrated(err)) return DATABASE_UNMIGRATED_MESSAGE;
  if (isSqliteFileMissing(err)) return `database: ${(err as Error).message}`;
  if (isNotSqliteDatabase(err)) return NOT_SQLITE_DATABASE_MESSAGE;
  return databaseConnectionProblem(err) ?? fileSystemProblem(err) ?? (err as Error).message;
}

/**
 * A file the run could not open or write (a checkpoint whose place is a directory, a state file on a full disk), in
 * the words the rest of the CLI uses: Node's text ('EISDIR: illegal operation on a directory, rename …') named the
 * temporary file, not the one meant. A rename names its destination.
 */
function fileSystemProblem(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.syscall !== 'string') return undefined;
  const path = e.syscall === 'rename' && typeof e.dest === 'string' ? e.dest : e.path;
  return path === undefined ? undefined : `${path}: ${fileProblem(err)}`;
}

/**
 * Every command parses with node:util's parseArgs, which throws on an unknown option, a missing option value or a
 * stray positional: a mistake on the command line (exit 2, as each command's help says), not a failed run (1).
 */
function isUsageError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Node appends advice about `--` to an unknown option's message; the first sentence is the mistake. */
function usageMessage(err: Error & { code: string }): string {
  return err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? err.message.split('. ')[0] : err.message;
}

async function usage(): Promise<string> {
  const lines = ['Usage: lantern <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const summary = await load().then(
      (m) => m.summary,
      () => '(not available in this build)',
    );
    lines.push(`  ${name.padEnd(10)} ${summary}`);
  }
  lines.push('', "Run 'lantern <command> --help' for a command's options, 'lantern --version' for the version.", '');
  return lines.join('\n');
}
