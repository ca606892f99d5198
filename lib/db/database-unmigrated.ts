/**
 * A table or column the code reads is missing: the database was never migrated (`lantern ingest` or `inventory` run
 * on a fresh clone before `lantern serve`), or was migrated by an older release. Prisma's text ("Invalid
 * `prisma.endpoint.findMany()` invocation … The table `main.Endpoint` does not exist") names neither cause nor cure.
 * P2021 is a missing table, P2022 a missing column, on SQLite and PostgreSQL alike.
 */
export function isDatabaseUnmigrated(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'P2021' || code === 'P2022';
}

export const DATABASE_UNMIGRATED_MESSAGE =
  "database: it has no Lantern tables yet (or an older release's): run 'lantern migrate' first ('lantern serve' migrates when it starts)";
