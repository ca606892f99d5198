-- Substring search over host and path template without scanning the inventory: an FTS5 trigram index (every
-- 3-character window, case-folded) answers `q` from the index; lib/db/endpoint-search.ts checks the exact substring.
-- Not in schema.prisma: Prisma has no FTS5 virtual tables. Kept in sync by triggers, so every write path (ingest,
-- folds, overrides, reclassification, deletes) keeps it exact without knowing about it.
--
-- The FTS rowid comes from "EndpointSearchKey" rather than Endpoint's implicit rowid: VACUUM may renumber the
-- implicit rowids of a table without an INTEGER PRIMARY KEY, which would silently point the index at other rows.
CREATE TABLE "EndpointSearchKey" (
    "key" INTEGER PRIMARY KEY,
    "endpointId" TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE "EndpointSearch" USING fts5("host", "pathTemplate", tokenize = 'trigram');

CREATE TRIGGER "Endpoint_search_insert" AFTER INSERT ON "Endpoint" BEGIN
    INSERT INTO "EndpointSearchKey" ("endpointId") VALUES (new."id");
    INSERT INTO "EndpointSearch" (rowid, "host", "pathTemplate")
        SELECT "key", new."host", new."pathTemplate" FROM "EndpointSearchKey" WHERE "endpointId" = new."id";
END;

CREATE TRIGGER "Endpoint_search_update" AFTER UPDATE OF "host", "pathTemplate" ON "Endpoint" BEGIN
    UPDATE "EndpointSearch" SET "host" = new."host", "pathTemplate" = new."pathTemplate"
        WHERE rowid = (SELECT "key" FROM "EndpointSearchKey" WHERE "endpointId" = old."id");
END;

CREATE TRIGGER "Endpoint_search_delete" AFTER DELETE ON "Endpoint" BEGIN
    DELETE FROM "EndpointSearch" WHERE rowid = (SELECT "key" FROM "EndpointSearchKey" WHERE "endpointId" = old."id");
    DELETE FROM "EndpointSearchKey" WHERE "endpointId" = old."id";
END;

-- Backfill the endpoints stored before this migration.
INSERT INTO "EndpointSearchKey" ("endpointId") SELECT "id" FROM "Endpoint";
INSERT INTO "EndpointSearch" (rowid, "host", "pathTemplate")
    SELECT k."key", e."host", e."pathTemplate" FROM "Endpoint" e JOIN "EndpointSearchKey" k ON k."endpointId" = e."id";
