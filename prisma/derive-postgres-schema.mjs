// Prisma needs a literal provider, so SQLite and PostgreSQL need two schema files. The SQLite one is the source of
// truth; the PostgreSQL one differs only in the provider and the generated client's folder.
export function derivePostgresSchema(sqlite) {
  const out = sqlite
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../../generated/sqlite"', 'output     = "../../generated/postgres"');
  if (out === sqlite || !out.includes('"postgresql"') || !out.includes('generated/postgres')) {
    throw new Error('prisma/sqlite/schema.prisma no longer has the provider/output lines derivePostgresSchema rewrites');
  }
  return `// GENERATED from prisma/sqlite/schema.prisma by prisma/make-schemas.mjs — do not edit.\n${out}`;
}
