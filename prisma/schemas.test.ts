import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { collectorKindSchema } from '../lib/inventory/observation';
// @ts-expect-error plain .mjs helper shared with the schema generator
import { derivePostgresSchema } from './derive-postgres-schema.mjs';

const read = (p: string) => readFileSync(new URL(p, import.meta.url), 'utf8');

test('the committed PostgreSQL schema is derived from the SQLite one (run `npm run db:schema` when this fails)', () => {
  expect(read('./postgres/schema.prisma')).toBe(derivePostgresSchema(read('./sqlite/schema.prisma')));
});

test('the committed migrations cover the current schema (run `node prisma/new-migration.mjs <name>` when this fails)', () => {
  expect(read('./migrations/sqlite/schema.snapshot.prisma')).toBe(read('./sqlite/schema.prisma'));
  expect(read('./migrations/postgres/schema.snapshot.prisma')).toBe(read('./postgres/schema.prisma'));
});

test("Collector.kind's comment lists the kinds an ingest batch may name (collectorKindSchema), no other", () => {
  const model = /model Collector \{([\s\S]*?)\n\}/.exec(read('./sqlite/schema.prisma'))![1];
  const comment = /\/\/\/ ([^\n]*)\n(?:\s*\/\/\/[^\n]*\n)*\s*kind\s/.exec(model)![1];
  expect(comment.split(' | ').sort()).toEqual([...collectorKindSchema.options].sort());
});
