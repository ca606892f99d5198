import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { apiSlugSchema, specVersionSchema, teamSlugSchema } from '../../lib/inventory/catalog-names';
import { decodeSpecBytes } from '../../lib/openapi/decode-spec';
import type { SpecProblem } from '../../lib/openapi/spec-model';
import { env } from '../../lib/env';
import { isSpecPushAnswer } from '../answer-shapes';
import { createHttpClient, describeHttpFailure } from '../http-client';
import { printSpecWarnings, pushableSpecText } from '../spec-file';
import { serverOptionProblem, tokenWithoutServerProblem } from '../server-option';
import { readStandardInput } from '../standard-input';
import { fileProblem } from '../../lib/file-problem';
import { labelInUseText } from '../../lib/inventory/registered-text';

export const subcommands = ['push'];

export const summary = 'register an OpenAPI spec version for an API: spec push FILE --api SLUG (DATABASE_URL, or --server)';

const HELP = `Usage: lantern spec push FILE --api SLUG [--owner TEAM] [--version V] [--server URL --token T]

Registers FILE (OpenAPI 3.0 to 3.2 or Swagger 2.0, JSON or YAML) as the current spec of API SLUG, creating the API on
first push, and reclassifies the endpoints it documents. Identical content is a no-op; an older version's content
makes that version current again, under its own label (a --version it lacks is said to be unused). New text under
a --version another version has is refused (exit 1); new text whose info.version another version has is registered
as info.version+rN, said so. FILE \`-\` reads standard input (\`curl …/openapi.json | lantern spec push - --api x\`).
  --owner TEAM      owner team slug (default: the spec's x-owner / info.contact)
  --version V       version label (default: info.version)
  --server URL --token T   register through a running Lantern (token scope specs:write); without --server the
                    spec is written to the database DATABASE_URL names
Environment: LANTERN_SERVER, LANTERN_TOKEN as defaults for --server and --token.
Exit codes: 0 registered or unchanged, 1 refused (a taken --version label too) or failed (server unreachable, database unreadable), 2 invalid spec or usage.
`;

interface Outcome {
  status: string;
  apiCreated: boolean;
  spec: { version: string; operationCount: number; diffSummary: { added: unknown[]; removed: unknown[]; newlyDeprecated: unknown[]; moved?: unknown[] } | null };
  reclassified: unknown[];
  /** A new text's info.version, another version's label: registered under `spec.version` instead. */
  labelInUse?: string;
  /** What the spec loader read but could not fully use (server variables), said as discover says it. */
  warnings?: SpecProblem[];
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: { type: 'string' },
      owner: { type: 'string' },
      version: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, file, ...stray] = positionals;
  // Until 6 Dec `spec push a.yaml b.yaml` pushed a.yaml alone, exit 0, b.yaml dropped without a word.
  if (!values.help && sub === 'push' && stray.length > 0) {
    process.stderr.write(`lantern spec push: takes one FILE, not '${stray[0]}' too (push each on its own)\nRun 'lantern spec --help' for its options.\n`);
    return 2;
  }
  // What `spec push` lacks is said, as token create says it: until 6 Dec the whole help, nothing pointing at the gap.
  if (!values.help && sub === 'push' && (!file || !values.api)) {
    process.stderr.write(`lantern spec push: needs ${!file ? 'the spec FILE (OpenAPI or Swagger, JSON or YAML)' : '--api SLUG (the API the spec describes; created on its first push)'}\nRun 'lantern spec --help' for its options.\n`);
    return 2;
  }
  if (values.help || sub !== 'push' || !file || !values.api) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  // A bad slug is a mistake on the command line, not in the spec: say so before reading or sending anything.
  // So are a bad --owner and --version: until 7 Dec said as the spec's own problems (`orders.yaml#: owner: …`).
  const optionSaid =
    nameOptionProblem('--api', values.api, apiSlugSchema, 'API name') ??
    nameOptionProblem('--owner', values.owner, teamSlugSchema, 'team name') ??
    nameOptionProblem('--version', values.version, specVersionSchema, 'version label');
  if (optionSaid) {
    process.stderr.write(`lantern spec push: ${optionSaid}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    // `-`: standard input (`curl …/openapi.json | lantern spec push - --api shop`), as `extract -` reads it; until 6 Dec
    // "cannot read -: no such file or directory". Its `$ref`s to other files are relative to the current directory.
    bytes = file === '-' ? await readStandardInput() : await readFile(file);
  } catch (err) {
    // Until 6 Dec Node's text: "ENOENT: no such file or directory, open 'x'", the path said twice.
    process.stderr.write(`lantern spec push: cannot read ${file}: ${fileProblem(err)}\n`);
    return 2;
  }
  const decoded = decodeSpecBytes(bytes);
  if (!decoded.ok) return problems(file, decoded.problems);
  const pushable = await pushableSpecText(file, decoded.text);
  if (!pushable.ok) return problems(file, pushable.problems);
  const { text, bundled } = pushable;
  const server = values.server ?? env().LANTERN_SERVER;
  const token = values.token ?? env().LANTERN_TOKEN;
  if (server && !token) {
    process.stderr.write('lantern spec push: --server needs --token (a token with scope specs:write)\n');
    return 2;
  }
  const tokenSaid = tokenWithoutServerProblem(values.token, server, true);
  if (tokenSaid) {
    process.stderr.write(`lantern spec push: ${tokenSaid}\n`);
    return 2;
  }
  const serverProblem = server !== undefined ? serverOptionProblem(server) : undefined;
  if (serverProblem) {
    process.stderr.write(`lantern spec push: ${serverProblem}\n`);
    return 2;
  }
  // Trimmed, an empty one left out, as the server reads its `?version=` and `?owner=` (spec-upload.ts): until 7 Dec
  // `--version ' v1 '` was stored as ` v1 ` locally and as `v1` through --server, and `--version ''` was refused
  // locally as a problem of the spec file while the server took info.version.
  const input = { api: values.api, text, json: bundled || /\.json$/i.test(file), version: optionValue(values.version), owner: optionValue(values.owner) };
  return server ? pushOverHttp(server, token!, input, file) : pushToDatabase(input, file);
}

async function pushOverHttp(server: string, token: string, input: { api: string; text: string; json: boolean; version?: string; owner?: string }, file: string): Promise<number> {
  const client = createHttpClient({ server, token });
  const res = await client.request<Outcome>('POST', `/api/apis/${encodeURIComponent(input.api)}/specs`, {
    body: input.text,
    contentType: input.json ? 'application/json' : 'application/yaml',
    query: { version: input.version, owner: input.owner },
    accepts: isSpecPushAnswer,
  });
  if (res.ok) return report(input.api, res.body, file, input.version);
  if (res.status === 422 && Array.isArray(res.error.details)) return problems(file, res.error.details as SpecProblem[]);
  process.stderr.write(`lantern spec push: ${describeHttpFailure(res)}\n`);
  return res.status === 400 || res.status === 413 ? 2 : 1;
}

async function pushToDatabase(input: { api: string; text: string; version?: string; owner?: string }, file: string): Promise<number> {
  const { registerSpec } = await import('../../lib/db/spec-registry');
  const { disconnectDb } = await import('../../lib/db/client');
  try {
    const result = await registerSpec({ apiSlug: input.api, text: input.text, version: input.version, ownerTeam: input.owner, actor: 'cli' });
    if (result.status === 'invalid') return problems(file, result.problems);
    if (result.status === 'forbidden' || result.status === 'conflict') {
      process.stderr.write(`lantern spec push: ${result.message}\n`);
      return 1;
    }
    return report(input.api, { status: result.status, apiCreated: result.apiCreated, spec: result.spec, reclassified: result.changed, warnings: result.warnings, labelInUse: result.labelInUse }, file, input.version);
  } finally {
    await disconnectDb();
  }
}

// Checked and sent trimmed, as the server reads them; an empty one (an unset shell variable) stays a usage error.
function nameOptionProblem(option: string, value: string | undefined, schema: z.ZodType<string>, what: string): string | undefined {
  const checked = value === undefined ? undefined : schema.safeParse(value.trim());
  return checked && !checked.success ? `${option} ${JSON.stringify(value)} is not a valid ${what}: ${checked.error.issues[0].message}` : undefined;
}

const optionValue = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

function problems(file: string, list: SpecProblem[]): number {
  for (const p of list) process.stderr.write(`${p.file ?? file}#${p.pointer}: ${p.message}\n`);
  return 2;
}

/**
 * A version is its content: identical text is the version that has it, under the label it has (a label is a name the
 * history and approvals show; two for one text would make two versions of one). A `--version` it does not have is
 * said to be unused: until 6 Dec it was dropped without a word.
 */
function report(api: string, o: Outcome, file: string, asked?: string): number {
  printSpecWarnings(o.warnings ?? [], file);
  const kept = asked !== undefined && asked !== o.spec.version ? `identical to version ${o.spec.version}, kept as ${o.spec.version}: label ${asked} not used` : undefined;
  const what =
    o.status === 'unchanged' ? `unchanged (${kept ?? 'identical content is already current'})`
    : o.status === 'restored' ? `restored as current${kept ? ` (${kept})` : ''}`
    : o.apiCreated ? 'registered (new API)'
    : o.labelInUse ? `registered (${labelInUseText(o.labelInUse)})` : 'registered';
  process.stdout.write(`${api}@${o.spec.version}: ${what}; ${o.spec.operationCount} operations; ${o.reclassified.length} endpoint(s) reclassified\n`);
  const d = o.spec.diffSummary;
  if (d && (o.status === 'created' || o.status === 'restored')) process.stdout.write(`  +${d.added.length} added  -${d.removed.length} removed  !${d.newlyDeprecated.length} newly deprecated${d.moved?.length ? `  ~${d.moved.length} moved to another server` : ''}\n`);
  return 0;
}
