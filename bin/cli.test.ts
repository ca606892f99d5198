import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { SHARED_FIXTURES } from '../test/require';
import { main } from './cli';

afterEach(() => vi.restoreAllMocks());

/** Runs `lantern …argv` in-process and collects what it writes. */
async function lantern(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

test('an unknown option is a usage error: exit 2, the option named, and where to find the right ones', async () => {
  for (const cmd of ['migrate', 'serve', 'extract', 'discover', 'ingest', 'push', 'spec', 'check', 'inventory', 'mirror', 'user', 'token']) {
    const r = await lantern(cmd, '--bogus');
    expect(r.code, cmd).toBe(2);
    expect(r.stdout, cmd).toBe('');
    expect(r.stderr, cmd).toBe(`lantern ${cmd}: Unknown option '--bogus'\nRun 'lantern ${cmd} --help' for its options.\n`);
  }
});

test('an option given without its value is a usage error (exit 2)', async () => {
  const r = await lantern('check', '--api');
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("lantern check: Option '--api <value>' argument missing");
});

test('no command at all is a usage error: exit 2 with the command list on stderr; --help is exit 0 on stdout', async () => {
  const none = await lantern();
  expect(none.code).toBe(2);
  expect(none.stdout).toBe('');
  expect(none.stderr).toMatch(/^Usage: lantern <command> \[options\]\n/);
  const help = await lantern('--help');
  expect(help.code).toBe(0);
  expect(help.stderr).toBe('');
  expect(help.stdout).toMatch(/^Usage: lantern <command> \[options\]\n/);
});

test('a command missing its required arguments exits 2 with its usage (or what is missing) on stderr, leaving stdout to the data', async () => {
  const cases: [string[], string][] = [
    [['extract'], 'Usage: lantern extract '],
    [['discover'], 'Usage: lantern discover '],
    [['ingest'], 'Usage: lantern ingest|push '],
    [['push'], 'Usage: lantern ingest|push '],
    [['spec', 'push', 'openapi.yaml'], 'lantern spec push: needs --api SLUG '],
    [['spec'], 'Usage: lantern spec push '],
    [['check'], 'Usage: lantern check '],
    [['user'], 'Usage: lantern user add '],
    [['token'], 'Usage:\n  lantern token create '],
    [['token', 'frobnicate'], "lantern token: unknown subcommand 'frobnicate' (create, list, revoke)\n\nUsage:\n  lantern token create "],
  ];
  for (const [argv, usage] of cases) {
    const r = await lantern(...argv);
    expect(r.code, argv.join(' ')).toBe(2);
    expect(r.stdout, argv.join(' ')).toBe('');
    expect(r.stderr.startsWith(usage), argv.join(' ')).toBe(true);
  }
});

test('--version, -V and version print the version package.json declares on stdout and exit 0', async () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const spelling of ['--version', '-V', 'version']) {
    const r = await lantern(spelling);
    expect(r, spelling).toEqual({ code: 0, stdout: `lantern ${version}\n`, stderr: '' });
  }
});

test('extract --help says that --follow prints each warning as it arises, and how a directory with nothing to follow yet is followed', async () => {
  const r = await lantern('extract', '--help');
  expect(r.code).toBe(0);
  // Wrapped as the help is laid out: compared as running text.
  const text = r.stdout.replace(/\s+/g, ' ');
  expect(text).toContain('Each warning is printed on stderr as it arises; the summary at the stop counts them.');
  expect(text).toContain(
    'A directory with nothing to follow yet (empty, or holding only a README or an exchange file, said once) is followed as whichever comes first, captures or logs.',
  );
});

test('ingest and push --help say the same of --follow as extract does', async () => {
  for (const command of ['ingest', 'push']) {
    const r = await lantern(command, '--help');
    expect(r.code, command).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' '), command).toContain(
      '--follow watches directories as `lantern extract --follow` does: each warning is printed on stderr as it arises, and a directory with nothing to follow yet is followed as whichever comes first, captures or logs.',
    );
  }
});

test("a command named like an Object method (toString, constructor, __proto__) is an unknown command, exit 2", async () => {
  // Before: "lantern toString: (intermediate value).run is not a function", exit 1.
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    const r = await lantern(name);
    expect([r.code, r.stdout, r.stderr.split('\n')[0]], name).toEqual([2, '', `lantern: unknown command '${name}'`]);
  }
});

test("lantern help <command> prints that command's help (exit 0); help with an unknown command is exit 2", async () => {
  // Before: the command list, whatever command was asked about.
  const [asked, direct] = [await lantern('help', 'extract'), await lantern('extract', '--help')];
  expect([asked.code, asked.stdout, asked.stderr]).toEqual([0, direct.stdout, '']);
  expect(asked.stdout).toMatch(/^Usage: lantern extract /);
  const unknown = await lantern('help', 'frobnicate');
  expect([unknown.code, unknown.stdout, unknown.stderr.split('\n')[0]]).toEqual([2, '', "lantern: unknown command 'frobnicate'"]);
});

test('a usage error after a subcommand is said under the subcommand, as its other errors are', async () => {
  // Before: "lantern token: Unknown option '--bogus'" for `token create --bogus`, whose bad --scope said `lantern token create:`.
  for (const [command, sub] of [['token', 'create'], ['user', 'add'], ['spec', 'push']]) {
    const r = await lantern(command, sub, '--bogus');
    expect([r.code, r.stdout, r.stderr], `${command} ${sub}`).toEqual([2, '', `lantern ${command} ${sub}: Unknown option '--bogus'\nRun 'lantern ${command} --help' for its options.\n`]);
  }
});

test('--token without --server (nor LANTERN_SERVER) is a usage error: the run would have gone to DATABASE_URL, the token unused', async () => {
  // Until 6 Dec `lantern push a.log --token T` (the --server forgotten) wrote into the local database, or said to run
  // 'lantern migrate' to make one, and `check --api x --token T` judged a local database's inventory.
  vi.stubEnv('LANTERN_SERVER', undefined);
  const said = (cmd: string, what: string) => `lantern ${cmd}: --token needs --server URL (or LANTERN_SERVER): without it ${what} DATABASE_URL, which takes no token\n`;
  const runs: [string[], string, string][] = [
    [['push', 'access.log', '--token', 'lt_x'], 'push', 'writes to'],
    [['ingest', 'access.log', '--token', 'lt_x'], 'ingest', 'writes to'],
    [['check', '--api', 'payments', '--token', 'lt_x'], 'check', 'reads'],
    [['inventory', '--token', 'lt_x'], 'inventory', 'reads'],
    [['spec', 'push', join(SHARED_FIXTURES, 'specs/oai__petstore_v2.yaml'), '--api', 'payments', '--token', 'lt_x'], 'spec push', 'writes to'],
  ];
  for (const [argv, cmd, what] of runs) {
    const r = await lantern(...argv);
    expect([r.code, r.stdout, r.stderr], cmd).toEqual([2, '', said(cmd, what)]);
  }
  vi.unstubAllEnvs();
});

test('a --host no host could be, or a --name the server would refuse, is a usage error said before anything is read', async () => {
  // Until 6 Dec `--host 'a b'` ended discover and ingest with exit 1 after the server was asked, and `push --name ""`
  // (an unset $COLLECTOR) or a name over 128 characters had every batch refused by the server and set aside for good.
  const host = 'lantern discover: --host "a b" is not a host name (no whitespace, control characters or /?#@"<>\\^`{|})\n';
  expect(await lantern('discover', 'access.log', '--host', 'a b')).toEqual({ code: 2, stdout: '', stderr: host });
  expect(await lantern('ingest', 'access.log', '--host', 'a b')).toEqual({ code: 2, stdout: '', stderr: host.replace('discover', 'ingest') });
  const name = 'lantern push: --name must be 1 to 128 characters (the collector as the inventory names it)\n';
  for (const given of ['', 'x'.repeat(129)]) {
    expect(await lantern('push', 'access.log', '--server', 'http://127.0.0.1:1', '--token', 'lt_x', '--name', given)).toEqual({ code: 2, stdout: '', stderr: name });
  }
});

test('an unknown subcommand is named, with the ones there are (exit 2); one like a token is not echoed', async () => {
  // Before: the command's usage on stderr alone, nothing saying that `dissable` was the mistake.
  const cases: [string[], string][] = [
    [['user', 'dissable', 'a@example.org'], "lantern user: unknown subcommand 'dissable' (add, list, set, disable, enable, revoke-sessions)\n\nUsage: lantern user add "],
    [['token', 'lst'], "lantern token: unknown subcommand 'lst' (create, list, revoke)\n\nUsage:\n  lantern token create "],
    [['spec', 'pushh', 'a.yaml', '--api', 'x'], "lantern spec: unknown subcommand 'pushh' (push)\n\nUsage: lantern spec push "],
    [['token', 'lt_yh3snDoaGVtyEl--EqAvYUPCbTgFlUG2g8z2pXCZurM'], 'lantern token: unknown subcommand (create, list, revoke)\n\nUsage:\n  lantern token create '],
  ];
  for (const [argv, said] of cases) {
    const r = await lantern(...argv);
    expect([r.code, r.stdout, r.stderr.slice(0, said.length)], argv.join(' ')).toEqual([2, '', said]);
  }
  expect((await lantern('token', 'lt_yh3snDoaGVtyEl--EqAvYUPCbTgFlUG2g8z2pXCZurM')).stderr).not.toContain('lt_');
  // Options but no subcommand (`add` forgotten): said so, where until 7 Dec the usage came alone.
  const forgotten = await lantern('user', '--email', 'a@example.org', '--role', 'admin');
  expect([forgotten.code, forgotten.stderr.trimEnd().split('\n').at(-1)]).toEqual([2, 'lantern user: a subcommand comes first (add, list, set, disable, enable, revoke-sessions)']);
  expect(forgotten.stderr).toMatch(/^Usage: lantern user add /);
  // Near miss: an option before the subcommand is no mistake.
  expect((await lantern('token', '--json', 'list')).stderr).not.toContain('a subcommand comes first');
  // `lantern user help` is the help, as `lantern help user` is.
  for (const command of ['user', 'token', 'spec']) {
    const [asked, direct] = [await lantern(command, 'help'), await lantern(command, '--help')];
    expect([asked.code, asked.stdout, asked.stderr], command).toEqual([0, direct.stdout, '']);
  }
});

test('check given options but no --api says that --api is what it lacks (exit 2)', async () => {
  // Before: its whole help, as for a bare `lantern check`, nothing pointing at the gap (a CI line with `--api $API`
  // unset, say); `spec push` already said what it lacked.
  const r = await lantern('check', '--fail-on', 'shadow', '--json');
  expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "lantern check: needs --api SLUG (the API whose inventory is checked)\nRun 'lantern check --help' for its options.\n"]);
});

test('extract, discover, ingest and push given options but no input say that an input is what they lack (exit 2)', async () => {
  // Before: the whole help, as for the bare command, nothing pointing at the gap (`push --server $S --token $T $DIR`
  // with $DIR unset, say).
  for (const argv of [['extract', '--follow'], ['discover', '--json'], ['ingest', '--host', 'api.example.com'], ['push', '--name', 'edge-1']]) {
    const r = await lantern(...argv);
    expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([2, '', `lantern ${argv[0]}: needs an input: a file, a directory, or - for standard input\nRun 'lantern ${argv[0]} --help' for its options.\n`]);
  }
});

test('token revoke without its ID says so (exit 2)', async () => {
  // Before: the token command's whole help, nothing pointing at the missing ID.
  const r = await lantern('token', 'revoke');
  expect([r.code, r.stdout, r.stderr]).toEqual([2, '', "lantern token revoke: needs the token's ID (the first column of 'lantern token list')\nRun 'lantern token --help' for its options.\n"]);
});

test("inventory with an empty --api or --state (an unset variable) is a usage error, not every API's inventory (exit 2)", async () => {
  // Before: `inventory --api "$API"` with API unset printed the whole inventory, exit 0, and `--state ''` every state.
  const api = await lantern('inventory', '--json', '--api', '');
  expect([api.code, api.stdout, api.stderr]).toEqual([2, '', "lantern inventory: --api is empty (an unset variable?): give an API's slug, or leave --api out for every API\n"]);
  const state = await lantern('inventory', '--state', '');
  expect([state.code, state.stdout, state.stderr]).toEqual([2, '', 'lantern inventory: --state must be documented, shadow or zombie\n']);
});

test("an empty --server (an unset variable) is a usage error, not a run against DATABASE_URL (exit 2)", async () => {
  // Before: `push logs/ --server "$SERVER"` with SERVER unset wrote into the local database DATABASE_URL names (or
  // said to migrate one), `inventory` and `check` read it.
  const log = join(SHARED_FIXTURES, 'logs/filebeat_nginx_access_test.log');
  const spec = join(SHARED_FIXTURES, 'specs/oai__petstore_v2.yaml');
  for (const argv of [['push', log], ['ingest', log], ['inventory'], ['check', '--api', 'pets'], ['spec', 'push', spec, '--api', 'pets']]) {
    const r = await lantern(...argv, '--server', '');
    const command = argv[0] === 'spec' ? 'spec push' : argv[0];
    expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([2, '', `lantern ${command}: --server is empty (an unset variable?): give the address of a running Lantern (https://lantern.example.com)\n`]);
  }
});

test('an empty --spec or --override (an unset variable) is said as such, not as the working directory or a nameless file (exit 2)', async () => {
  // Before: `#: cannot read /the/working/directory: it is a directory, not a spec file` and `: cannot be read (no such
  // file or directory)`.
  const log = join(SHARED_FIXTURES, 'logs/filebeat_nginx_access_test.log');
  for (const command of ['discover', 'ingest']) {
    const r = await lantern(command, log, '--spec', '', '--override', '');
    expect([r.code, r.stdout, r.stderr], command).toEqual([2, '', '--spec is empty (an unset variable?): give an OpenAPI or Swagger file\n--override is empty (an unset variable?): give a file of overrides\n']);
  }
});

test('an empty --nginx-format or --apache-format (an unset variable) is a usage error, not the formats guessed (exit 2)', async () => {
  // Before: passed over, exit 0: the logs were read by whatever format their first lines suggested.
  const log = join(SHARED_FIXTURES, 'logs/filebeat_nginx_access_test.log');
  for (const option of ['--nginx-format', '--apache-format']) {
    const r = await lantern('extract', log, option, '');
    expect([r.code, r.stdout, r.stderr], option).toEqual([2, '', `lantern extract: ${option} is empty (an unset variable?): give the format string the logs were written with\n`]);
  }
});
