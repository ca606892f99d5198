#!/usr/bin/env node
// `node prisma/new-migration.mjs <name>`: writes the SQL that takes both databases from the schema of the last
// migration to the current schema. `prisma migrate dev` needs a native engine we cannot download, but
// `migrate diff` between two datamodels runs on the JS engine, so we keep a snapshot of the schema each
// migration was made from and diff against it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { derivePostgresSchema } from './derive-postgres-schema.mjs';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: node prisma/new-migration.mjs <snake_case_name>');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
mkdirSync(`${root}data`, { recursive: true });
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const current = readFileSync(`${root}prisma/sqlite/schema.prisma`, 'utf8');
writeFileSync(`${root}prisma/postgres/schema.prisma`, derivePostgresSchema(current));

// The PostgreSQL adapter connects even for a datamodel-to-datamodel diff: point it at any reachable server.
function urlFor(provider) {
  if (provider === 'sqlite') return `file:${root}data/new-migration-scratch.db`;
  const url = process.env.LANTERN_TEST_PG_URL ?? process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) {
    console.error('set LANTERN_TEST_PG_URL to a reachable PostgreSQL (eval "$(bash test/pg/start-cluster.sh)")');
    process.exit(2);
  }
  return url;
}

for (const provider of ['sqlite', 'postgres']) {
  const dir = `${root}prisma/migrations/${provider}`;
  const snapshot = `${dir}/schema.snapshot.prisma`;
  const schema = `${root}prisma/${provider}/schema.prisma`;
  const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const generated = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', '--config', `prisma/${provider}.config.ts`, ...from, '--to-schema-datamodel', schema, '--script'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: urlFor(provider) } },
  );
  const sql = provider === 'sqlite' ? quoteSqliteJsonDefaults(generated) : generated;
  if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
    console.log(`${provider}: schema unchanged, no migration written`);
    continue;
  }
  mkdirSync(`${dir}/${stamp}_${name}`, { recursive: true });
  writeFileSync(`${dir}/${stamp}_${name}/migration.sql`, sql);
  writeFileSync(snapshot, readFileSync(schema, 'utf8'));
  console.log(`${provider}: wrote prisma/migrations/${provider}/${stamp}_${name}/migration.sql`);
}

// Prisma 6.19 writes SQLite JSON defaults unquoted (`DEFAULT []`), which SQLite rejects; quote them as PostgreSQL's
// output does.
function quoteSqliteJsonDefaults(sql) {
  return sql.replace(/ DEFAULT (\[\]|\{\})(,?)$/gm, " DEFAULT '$1'$2");
}
