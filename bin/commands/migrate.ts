import { parseArgs } from 'node:util';
import { redactUrl } from '../../lib/db/database-url';
import { migrateDatabase } from '../../lib/db/migrate';
import { env } from '../../lib/env';

export const summary = 'apply committed database migrations (SQLite or PostgreSQL, from DATABASE_URL)';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('Usage: lantern migrate\n\nApplies prisma/migrations/<sqlite|postgres>/* to DATABASE_URL, once each.\nExit codes: 0 applied or up to date, 1 the database could not be migrated (unreachable, or a migration edited after it was applied).\n');
    return 0;
  }
  const url = env().DATABASE_URL;
  const result = await migrateDatabase(url);
  process.stdout.write(
    result.applied.length > 0
      ? `applied ${result.applied.length} migration(s) to ${redactUrl(url)}: ${result.applied.join(', ')}\n`
      : `${redactUrl(url)} is up to date (${result.alreadyApplied} migration(s))\n`,
  );
  return 0;
}
