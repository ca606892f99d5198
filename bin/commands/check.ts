import { parseArgs } from 'node:util';
import type { CheckResult } from '../../lib/db/check';
import type { ShadowListing } from '../../lib/discovery/unlisted-shadows';
import { env } from '../../lib/env';
import { isCheckAnswer } from '../answer-shapes';
import { createHttpClient, describeHttpFailure } from '../http-client';
import { serverOptionProblem, tokenWithoutServerProblem } from '../server-option';
import { checkLines } from './check-lines';

/** 1 is "offenders found": a CI job must not read a database that could not be read as findings (until 6 Dec it did). */
export const failedRunExit = 2;

export const summary = 'CI gate: check --api SLUG [--fail-on shadow,zombie,unauthenticated] exits 1 on unresolved findings';

const HELP = `Usage: lantern check --api SLUG [--fail-on shadow,zombie,unauthenticated] [--include-not-found]
                     [--include-preflights] [--json] [--server URL --token T]

Fails (exit 1) and lists the offending endpoints when the stored inventory has unresolved findings for the API:
  shadow            undocumented endpoints on the API
  zombie            deprecated, sunset or retired operations still called
  unauthenticated   unauthenticated requests that succeeded where the spec requires security, or on
                    endpoints nobody documented
Triage 'ignored' or 'adopted' resolves an endpoint; 'acknowledged' does not. Default: all three.
  --include-not-found      also check undocumented endpoints that only ever got 404/405 (left out by default,
                           as 'discover' leaves them out: scanners' probes, typos)
  --include-preflights     also check OPTIONS on undocumented paths (CORS preflights: no call, and never
                           authenticated; left out by default, as 'discover' leaves them out)
  --server URL --token T   ask a running Lantern (token scope read); without --server read DATABASE_URL
Environment: LANTERN_SERVER, LANTERN_TOKEN as defaults for --server and --token.
Exit codes: 0 clean, 1 offenders found, 2 usage, unknown API, server unreachable or database unreadable.
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      api: { type: 'string' },
      'fail-on': { type: 'string' },
      'include-not-found': { type: 'boolean', default: false },
      'include-preflights': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      server: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // Options given without --api (a CI line's `--api $API` unset) name what is missing; nothing at all is the help.
  if (!values.help && !values.api && argv.length > 0) {
    process.stderr.write("lantern check: needs --api SLUG (the API whose inventory is checked)\nRun 'lantern check --help' for its options.\n");
    return 2;
  }
  if (values.help || !values.api) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const server = values.server ?? env().LANTERN_SERVER;
  const token = values.token ?? env().LANTERN_TOKEN;
  if (server && !token) {
    process.stderr.write('lantern check: --server needs --token (a token with scope read)\n');
    return 2;
  }
  const tokenSaid = tokenWithoutServerProblem(values.token, server, false);
  if (tokenSaid) {
    process.stderr.write(`lantern check: ${tokenSaid}\n`);
    return 2;
  }
  const serverProblem = server !== undefined ? serverOptionProblem(server) : undefined;
  if (serverProblem) {
    process.stderr.write(`lantern check: ${serverProblem}\n`);
    return 2;
  }
  const listing = { includeNotFound: values['include-not-found'], includePreflights: values['include-preflights'] };
  const result = server ? await checkOverHttp(server, token!, values.api, values['fail-on'], listing) : await checkDatabase(values.api, values['fail-on'], listing);
  if (typeof result === 'string') {
    process.stderr.write(`lantern check: ${result}\n`);
    return 2;
  }
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else printResult(result);
  return result.offenders.length > 0 ? 1 : 0;
}

async function checkOverHttp(server: string, token: string, api: string, failOn: string | undefined, listing: ShadowListing): Promise<CheckResult | string> {
  const query = { failOn, includeNotFound: listing.includeNotFound ? 'true' : undefined, includePreflights: listing.includePreflights ? 'true' : undefined };
  const res = await createHttpClient({ server, token }).request<CheckResult>('GET', `/api/apis/${encodeURIComponent(api)}/check`, { query, accepts: isCheckAnswer });
  return res.ok ? res.body : describeHttpFailure(res);
}

async function checkDatabase(api: string, failOnText: string | undefined, listing: ShadowListing): Promise<CheckResult | string> {
  const { checkApi, parseFailOn } = await import('../../lib/db/check');
  const { disconnectDb } = await import('../../lib/db/client');
  const failOn = parseFailOn(failOnText);
  if ('error' in failOn) return failOn.error;
  try {
    return (await checkApi(api, failOn, listing)) ?? `API '${api}' not found`;
  } finally {
    await disconnectDb();
  }
}

function printResult(r: CheckResult): void {
  process.stdout.write(`${checkLines(r).join('\n')}\n`);
}
