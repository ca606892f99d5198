import { parseArgs } from 'node:util';
import { tokenScopeSchema } from '../../lib/auth/roles';
import { recordAuditEvent } from '../../lib/db/audit';
import { disconnectDb } from '../../lib/db/client';
import { createApiToken, listApiTokens, revokeApiToken, tokenNameSchema } from '../../lib/db/tokens';

export const subcommands = ['create', 'list', 'revoke'];

export const summary = 'API tokens for collectors and CI: token create --name N --scope ingest|specs:write|read';

const HELP = `Usage:
  lantern token create --name NAME --scope ingest|specs:write|read[,…] [--scope …]   prints the token once
  lantern token list
  lantern token revoke ID                                                          ID: list's first column
Exit codes: 0 done, 1 no token has that ID, 2 usage (an unknown --scope, no --name or one that is blank, over 80
characters or holds a line break; --name or --scope given to list or revoke).
`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
  });
  const [sub, id, ...stray] = positionals;
  if (values.help || !sub) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  // Until 6 Dec `token revoke ID1 ID2` revoked ID1 alone and said so, exit 0: ID2 went on working without a word.
  const extra = sub === 'revoke' ? stray[0] : id;
  if (subcommands.includes(sub) && extra !== undefined) {
    const said = sub === 'revoke' ? `takes one ID, not '${extra}' too (revoke each on its own)` : `unexpected argument '${extra}'`;
    process.stderr.write(`lantern token ${sub}: ${said}\nRun 'lantern token --help' for its options.\n`);
    return 2;
  }
  if (sub === 'revoke' && id === undefined) {
    process.stderr.write("lantern token revoke: needs the token's ID (the first column of 'lantern token list')\nRun 'lantern token --help' for its options.\n");
    return 2;
  }
  // Until 6 Dec `token list --scope ingest` listed every token as if filtered, and `revoke ID --name x` passed it over.
  const createOnly = sub !== 'create' && subcommands.includes(sub) ? (['name', 'scope'] as const).find((o) => values[o] !== undefined) : undefined;
  if (createOnly) {
    process.stderr.write(`lantern token ${sub}: --${createOnly} is an option of 'token create' alone\nRun 'lantern token --help' for its options.\n`);
    return 2;
  }
  try {
    if (sub === 'create') {
      // A comma list as `check --fail-on` takes one (until 6 Dec `--scope read,ingest` was refused as no scope).
      const given = [...new Set((values.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''))];
      const unknown = given.find((s) => !tokenScopeSchema.safeParse(s).success);
      if (unknown !== undefined) {
        process.stderr.write(`lantern token create: '${unknown}' is no scope (ingest, specs:write or read)\n`);
        return 2;
      }
      const scopes = tokenScopeSchema.array().min(1).safeParse(given);
      const name = tokenNameSchema.safeParse(values.name ?? '');
      if (!name.success || !scopes.success) {
        process.stderr.write('lantern token create: needs --name (1 to 80 characters on one line) and at least one --scope of ingest, specs:write, read\n');
        return 2;
      }
      const created = await createApiToken({ name: name.data, scopes: scopes.data });
      const { token, row } = created;
      await recordAuditEvent({ actor: 'cli', action: 'token.create', targetType: 'token', targetId: row.id, summary: `cli created token ${row.name} (${created.scopes.join(', ')})` });
      process.stdout.write(`${token}\n`);
      process.stderr.write(`token '${row.name}' (${created.scopes.join(', ')}) created; it is shown only this once\n`);
      return 0;
    }
    if (sub === 'list') {
      for (const t of await listApiTokens()) {
        const state = t.revokedAt ? 'revoked' : 'active';
        process.stdout.write(`${t.id}  ${t.prefix}…  ${t.name}  [${(t.scopes as string[]).join(',')}]  ${state}\n`);
      }
      return 0;
    }
    if (sub === 'revoke' && id) {
      const revoked = await revokeApiToken(id).catch((err: unknown) => {
        if ((err as { code?: unknown }).code === 'P2025') return null;
        throw err;
      });
      // Not echoed: what was typed is often the token itself, pasted where its id belongs.
      if (!revoked) {
        process.stderr.write("lantern token revoke: no token has that id (the first column of 'lantern token list'; the token itself is not its id)\n");
        return 1;
      }
      const { row, revokedNow } = revoked;
      if (revokedNow) await recordAuditEvent({ actor: 'cli', action: 'token.revoke', targetType: 'token', targetId: id, summary: `cli revoked token ${row.name}` });
      process.stdout.write(revokedNow ? `revoked ${row.name}\n` : `${row.name} was already revoked\n`);
      return 0;
    }
    process.stderr.write(HELP);
    return 2;
  } finally {
    await disconnectDb();
  }
}
