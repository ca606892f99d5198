import { parseArgs } from 'node:util';
import type { InventoryExport, InventoryFilter } from '../../lib/db/inventory-export';
import { env } from '../../lib/env';
import { isInventoryAnswer } from '../answer-shapes';
import { bundleBuild } from '../bundle-build';
import { createHttpClient, describeHttpFailure } from '../http-client';
import { serverOptionProblem, tokenWithoutServerProblem } from '../server-option';
import { formatInventory } from './inventory-table';

export const summary = 'print the stored inventory (DATABASE_URL, or --server); --json has the shape of discover --json plus stored fields';

const HELP = `Usage: lantern inventory [--json] [--api SLUG] [--state documented|shadow|zombie] [--include-ignored]
                         [--include-not-found] [--include-preflights] [--server URL --token T]

Prints every stored endpoint with its state, requests, triage and owner, then the documented operations of current
specs that no stored traffic reached. --json prints {"endpoints":[…],"unused":[…]} like 'discover --json', with
triage, firstSeen, lastSeen, api, owner and latency ({count, mean, p50, p95, p99, max} in ms, null when nothing
timed the requests) added. Endpoints hidden by an ignore override are left out unless
--include-ignored; undocumented endpoints that only ever got 404/405 (scanners' probes, typos) are left out and
counted ("notFound" in --json), as 'discover' leaves them out, unless --include-not-found; so are OPTIONS on
undocumented paths, CORS preflights ("preflights"), unless --include-preflights.
  --server URL --token T   ask a running Lantern (token scope read); without --server read DATABASE_URL
Environment: LANTERN_SERVER, LANTERN_TOKEN as defaults for --server and --token.
Exit codes: 0 printed, 1 failed (server unreachable or refusing, database unreadable), 2 usage or unknown API (--api).
`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      api: { type: 'string' },
      state: { type: 'string' },
      'include-ignored': { type: 'boolean', default: false },
      'include-not-found': { type: 'boolean', default: false },
      'include-preflights': { type: 'boolean', default: false },
      server: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  // Empty is a mistake too (an unset variable): until 7 Dec `--api ''` printed every API's inventory, exit 0.
  if (values.api !== undefined && values.api.trim() === '') {
    process.stderr.write("lantern inventory: --api is empty (an unset variable?): give an API's slug, or leave --api out for every API\n");
    return 2;
  }
  if (values.state !== undefined && !['documented', 'shadow', 'zombie'].includes(values.state)) {
    process.stderr.write(`lantern inventory: --state must be documented, shadow or zombie\n`);
    return 2;
  }
  const server = values.server ?? env().LANTERN_SERVER;
  const token = values.token ?? env().LANTERN_TOKEN;
  if (server && !token) {
    process.stderr.write('lantern inventory: --server needs --token (a token with scope read)\n');
    return 2;
  }
  const tokenSaid = tokenWithoutServerProblem(values.token, server, false);
  if (tokenSaid) {
    process.stderr.write(`lantern inventory: ${tokenSaid}\n`);
    return 2;
  }
  const serverProblem = server !== undefined ? serverOptionProblem(server) : undefined;
  if (serverProblem) {
    process.stderr.write(`lantern inventory: ${serverProblem}\n`);
    return 2;
  }
  const filter = { api: values.api, state: values.state, includeIgnored: values['include-ignored'], includeNotFound: values['include-not-found'], includePreflights: values['include-preflights'] };
  const inventory = server ? await inventoryOverHttp(server, token!, filter) : await inventoryFromDatabase(filter);
  if ('failed' in inventory) {
    process.stderr.write(`lantern inventory: ${inventory.failed}\n`);
    return inventory.exit;
  }
  process.stdout.write(values.json ? `${JSON.stringify(inventory)}\n` : formatInventory(inventory));
  return 0;
}

/**
 * A run that printed nothing: 2 for a mistake on the command line (an --api no API has, a query the server refuses),
 * 1 for a failure (README's exit codes), as a database that could not be read is (bin/cli.ts). Until 6 Dec a server
 * unreachable or refusing the token was 2, a usage error's code.
 */
type Failed = { failed: string; exit: 1 | 2 };

async function inventoryOverHttp(server: string, token: string, filter: InventoryFilter): Promise<InventoryExport | Failed> {
  const query = { api: filter.api, state: filter.state, includeIgnored: filter.includeIgnored ? 'true' : undefined, includeNotFound: filter.includeNotFound ? 'true' : undefined, includePreflights: filter.includePreflights ? 'true' : undefined };
  const res = await createHttpClient({ server, token }).request<InventoryExport>('GET', '/api/inventory', { query, accepts: isInventoryAnswer });
  if (res.ok) return res.body;
  const usage = res.status === 400 || (res.status === 404 && res.error.code === 'not_found' && filter.api !== undefined);
  return { failed: describeHttpFailure(res), exit: usage ? 2 : 1 };
}

async function inventoryFromDatabase(filter: InventoryFilter): Promise<InventoryExport | Failed> {
  const { exportInventory } = await import('../../lib/db/inventory-export');
  const { disconnectDb } = await import('../../lib/db/client');
  const { specCacheDirFor, useSpecDiskCache } = await import('../../lib/db/spec-disk-cache');
  // Each run is a new process: the specs it normalised are kept beside the database for the next (spec-disk-cache.ts).
  useSpecDiskCache(specCacheDirFor(env().DATABASE_URL), bundleBuild());
  try {
    return (await exportInventory(filter)) ?? { failed: `API '${filter.api}' not found`, exit: 2 };
  } finally {
    await disconnectDb();
  }
}
