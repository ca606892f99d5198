#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/sqlite/schema.prisma.
// `--check` exits 1 instead when the committed PostgreSQL schema is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { derivePostgresSchema } from './derive-postgres-schema.mjs';

const source = new URL('./sqlite/schema.prisma', import.meta.url);
const target = new URL('./postgres/schema.prisma', import.meta.url);
const wanted = derivePostgresSchema(readFileSync(source, 'utf8'));

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== wanted) {
    console.error('prisma/postgres/schema.prisma is stale: run `npm run db:schema`');
    process.exit(1);
  }
} else {
  mkdirSync(new URL('./postgres/', import.meta.url), { recursive: true });
  writeFileSync(target, wanted);
}
