-- The column exists on both databases because they share one Prisma model (see the PostgreSQL migration of the same
-- name, which is where the search uses it). VIRTUAL: computed when read, so SQLite stores nothing for it; its short
-- term scan keeps reading host and path from Endpoint_ignoredById_state_pathTemplate_host_idx.
ALTER TABLE "Endpoint" ADD COLUMN "searchText" TEXT GENERATED ALWAYS AS (lower("host") || char(10) || lower("pathTemplate")) VIRTUAL;
