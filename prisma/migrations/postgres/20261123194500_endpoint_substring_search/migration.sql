-- Substring search over host and path template without scanning the inventory: pg_trgm GIN indexes serve
-- `ILIKE '%q%'` (q of 3 characters or more) from the index. pg_trgm ships in contrib with the server packages and
-- managed services, and is a trusted extension: the database owner may create it.
-- Not in schema.prisma: the SQLite schema is the source of truth and has no operator classes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Endpoint_host_trgm_idx" ON "Endpoint" USING gin ("host" gin_trgm_ops);
CREATE INDEX "Endpoint_pathTemplate_trgm_idx" ON "Endpoint" USING gin ("pathTemplate" gin_trgm_ops);
