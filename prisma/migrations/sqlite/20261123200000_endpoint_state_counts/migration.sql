-- The inventory's headline counts (endpoints per state, hidden or not) without counting the inventory: one row per
-- (state, ignored) kept by triggers in the transaction of every write, so every path (ingest, reclassification,
-- overrides, the ON DELETE SET NULL of an ignore override, deletes) keeps it exact. SQLite has one writer at a
-- time, so updating the row in place cannot contend. Read by lib/db/endpoint-state-counts.ts.
-- Not in schema.prisma: PostgreSQL keeps this table as a log of deltas (see its migration), so the two differ.
CREATE TABLE "EndpointStateCount" (
    "state" TEXT NOT NULL,
    "ignored" BOOLEAN NOT NULL,
    "delta" BIGINT NOT NULL,
    PRIMARY KEY ("state", "ignored")
);

CREATE TRIGGER "Endpoint_count_insert" AFTER INSERT ON "Endpoint" BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta") VALUES (new."state", new."ignoredById" IS NOT NULL, 1)
        ON CONFLICT ("state", "ignored") DO UPDATE SET "delta" = "delta" + 1;
END;

CREATE TRIGGER "Endpoint_count_delete" AFTER DELETE ON "Endpoint" BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta") VALUES (old."state", old."ignoredById" IS NOT NULL, -1)
        ON CONFLICT ("state", "ignored") DO UPDATE SET "delta" = "delta" - 1;
END;

CREATE TRIGGER "Endpoint_count_update" AFTER UPDATE OF "state", "ignoredById" ON "Endpoint"
    WHEN old."state" IS NOT new."state" OR (old."ignoredById" IS NULL) <> (new."ignoredById" IS NULL) BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta") VALUES (old."state", old."ignoredById" IS NOT NULL, -1)
        ON CONFLICT ("state", "ignored") DO UPDATE SET "delta" = "delta" - 1;
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta") VALUES (new."state", new."ignoredById" IS NOT NULL, 1)
        ON CONFLICT ("state", "ignored") DO UPDATE SET "delta" = "delta" + 1;
END;

-- Backfill (the migration runner holds SQLite's write lock, so no write can slip between this and the triggers).
INSERT INTO "EndpointStateCount" ("state", "ignored", "delta")
    SELECT "state", "ignoredById" IS NOT NULL, COUNT(*) FROM "Endpoint" GROUP BY 1, 2;
