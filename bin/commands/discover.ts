import { parseArgs } from 'node:util';
import { extractExchanges } from '../../collectors/extract';
import type { DiscoveryResult } from '../../lib/discovery/classify';
import { createDiscoveryEngine, defaultHostProblem } from '../../lib/discovery/discovery-engine';
import { latencyFigures } from '../../lib/discovery/latency-summary';
import { loadFingerprintKey } from '../../lib/fingerprint-key';
import { LOG_FORMAT_OPTIONS, logFormatFrom, logFormatProblem } from '../log-format-options';
import { printOptionFileProblems, readOptionFiles } from '../option-files';
import { printSummary } from '../summary';
import { formatDiscoveryTable } from './discover-table';
import { missingInput } from '../missing-input';

export const summary = 'inputs + OpenAPI specs → documented, shadow, zombie and unused endpoints';

const HELP = `Usage: lantern discover <file|dir>... [--spec FILE]... [--host HOST] [--override FILE] [--json]
                        [--include-not-found] [--include-preflights] [--format F] [--nginx-format STR]
                        [--apache-format STR]

Reads anything 'extract' reads (captures, logs, HAR, JSONL exchanges), matches it against the specs
and prints every endpoint seen as documented, shadow (undocumented) or zombie (deprecated, or called after
its sunset: the time of the traffic counts, not when it is read), then the documented operations nobody called.
A sunset behind us with no call since is noted (past-sunset-no-calls-since; "sunsetPassed": true in --json).
  --spec FILE       OpenAPI 3.0 to 3.2 or Swagger 2.0, JSON or YAML (repeatable)
  --host HOST       host for inputs without one (nginx combined logs) that match no spec with a host
  --override FILE   JSON array of {host?, method?, pattern, action: merge|split|ignore}
  --json            {"endpoints":[…],"unused":[…]} on stdout; each endpoint's latency is {count, mean, p50, p95,
                    p99, max} in ms (percentiles within 9.1%), null when the inputs did not time it
  --include-not-found  also list undocumented paths that only ever got 404/405 (hidden by default)
  --include-preflights also list OPTIONS on undocumented paths, CORS preflights (hidden by default: a preflight is
                    no call, and the CORS layer answers one for any path)
  --format F        log format override, as for 'extract'
  --nginx-format STR, --apache-format STR
                    read logs written with this nginx log_format / Apache LogFormat string, as for 'extract'
Exit codes: 0 done, 2 usage (a --host no host could be), a --spec or --override file is missing or invalid, or an
input could not be read.
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      spec: { type: 'string', multiple: true, default: [] },
      host: { type: 'string' },
      override: { type: 'string' },
      json: { type: 'boolean', default: false },
      'include-not-found': { type: 'boolean', default: false },
      'include-preflights': { type: 'boolean', default: false },
      ...LOG_FORMAT_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!values.help && positionals.length === 0 && argv.length > 0) return missingInput('discover');
  if (values.help || positionals.length === 0) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  // Until 6 Dec a bad --host ended the run with exit 1, as a failure.
  const formatSaid = defaultHostProblem(values.host) ?? (await logFormatProblem(values));
  if (formatSaid) {
    process.stderr.write(`lantern discover: ${formatSaid}\n`);
    return 2;
  }
  const files = await readOptionFiles(values.spec ?? [], values.override);
  if (!files.ok) return printOptionFileProblems(files.problems);
  const { specs, overrides } = files.value;
  const engine = createDiscoveryEngine({ specs, overrides, defaultHost: values.host, hideNotFound: !values['include-not-found'], hidePreflights: !values['include-preflights'] });
  const started = performance.now();
  const report = await extractExchanges(positionals, { ...logFormatFrom(values), fingerprintKey: await loadFingerprintKey() }, engine.addExchange);
  const result = engine.result(new Date());
  // Nothing read and an input refused: an empty report would read as traffic that held no endpoint.
  const nothingRead = report.errors.length > 0 && report.exchanges === 0;
  if (!nothingRead) process.stdout.write(values.json ? `${JSON.stringify(toJson(result))}\n` : formatDiscoveryTable(result));
  printSummary(report, performance.now() - started);
  return report.errors.length > 0 ? 2 : 0;
}

/** The documented `--json` shape first in each object; the rest (evidence, findings) is extra. */
function toJson(result: DiscoveryResult) {
  return {
    endpoints: result.endpoints.map(({ host, method, path, state, requests, operationId, ...rest }) => ({
      host, method, path, state, requests, operationId: operationId ?? null,
      // In ms, as `inventory --json` gives it; the mergeable summary itself stays in `evidence.latency`.
      latency: latencyFigures(rest.evidence.latency),
      ...rest,
    })),
    unused: result.unused.map(({ method, path, operationId, ...rest }) => ({ method, path, operationId: operationId ?? null, ...rest })),
    stats: result.stats,
  };
}
