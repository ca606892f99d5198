-- The inventory's headline counts (endpoints per state, hidden or not) without counting the inventory, kept by
-- triggers in the transaction of every write, so every path (ingest, reclassification, overrides, the ON DELETE SET
-- NULL of an ignore override, deletes) keeps it exact. Read by lib/db/endpoint-state-counts.ts as SUM(delta).
-- A log of deltas rather than one row per state: concurrent writers only insert, so they never wait on (or
-- deadlock over) a shared counter row. Compacted by compactEndpointStateCounts().
-- Not in schema.prisma: SQLite keeps one row per state instead (see its migration), so the two differ.
CREATE TABLE "EndpointStateCount" (
    "id" BIGSERIAL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "ignored" BOOLEAN NOT NULL,
    "delta" BIGINT NOT NULL
);

-- Inserts and deletes: one statement-level call per statement (ingest creates endpoints 1,000 at a time).
CREATE FUNCTION "lantern_count_endpoint_inserts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta")
        SELECT "state", "ignoredById" IS NOT NULL, COUNT(*) FROM new_rows GROUP BY 1, 2;
    RETURN NULL;
END $$;

CREATE FUNCTION "lantern_count_endpoint_deletes"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta")
        SELECT "state", "ignoredById" IS NOT NULL, -COUNT(*) FROM old_rows GROUP BY 1, 2;
    RETURN NULL;
END $$;

-- Updates: per row, but only rows whose state or visibility changed reach the function (the WHEN clause is checked
-- without calling it), so ingest's counter updates cost nothing here.
CREATE FUNCTION "lantern_count_endpoint_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "EndpointStateCount" ("state", "ignored", "delta") VALUES
        (OLD."state", OLD."ignoredById" IS NOT NULL, -1),
        (NEW."state", NEW."ignoredById" IS NOT NULL, 1);
    RETURN NULL;
END $$;

CREATE TRIGGER "Endpoint_count_insert" AFTER INSERT ON "Endpoint"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "lantern_count_endpoint_inserts"();
CREATE TRIGGER "Endpoint_count_delete" AFTER DELETE ON "Endpoint"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "lantern_count_endpoint_deletes"();
CREATE TRIGGER "Endpoint_count_update" AFTER UPDATE OF "state", "ignoredById" ON "Endpoint" FOR EACH ROW
    WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR (OLD."ignoredById" IS NULL) <> (NEW."ignoredById" IS NULL))
    EXECUTE FUNCTION "lantern_count_endpoint_update"();

-- Backfill after the triggers: CREATE TRIGGER holds a lock that blocks writes to "Endpoint" until this migration
-- commits, so no endpoint is counted twice or missed.
INSERT INTO "EndpointStateCount" ("state", "ignored", "delta")
    SELECT "state", "ignoredById" IS NOT NULL, COUNT(*) FROM "Endpoint" GROUP BY 1, 2;
