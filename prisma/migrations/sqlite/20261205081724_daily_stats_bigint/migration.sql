-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EndpointDailyStat" (
    "endpointId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "unauthenticated" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("endpointId", "day"),
    CONSTRAINT "EndpointDailyStat_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EndpointDailyStat" ("day", "endpointId", "errors", "requests", "unauthenticated") SELECT "day", "endpointId", "errors", "requests", "unauthenticated" FROM "EndpointDailyStat";
DROP TABLE "EndpointDailyStat";
ALTER TABLE "new_EndpointDailyStat" RENAME TO "EndpointDailyStat";
CREATE INDEX "EndpointDailyStat_day_endpointId_requests_idx" ON "EndpointDailyStat"("day", "endpointId", "requests");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

