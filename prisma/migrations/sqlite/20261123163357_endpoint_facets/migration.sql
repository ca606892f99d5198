-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Endpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "pathTemplate" TEXT NOT NULL,
    "apiId" TEXT,
    "ownerTeamId" TEXT,
    "operationId" TEXT,
    "firstSeen" DATETIME NOT NULL,
    "lastSeen" DATETIME NOT NULL,
    "requestCount" BIGINT NOT NULL DEFAULT 0,
    "statusCounts" JSONB NOT NULL DEFAULT '{}',
    "authCounts" JSONB NOT NULL DEFAULT '{}',
    "sensitiveTags" JSONB NOT NULL DEFAULT '[]',
    "examplePaths" JSONB NOT NULL DEFAULT '[]',
    "findings" JSONB NOT NULL DEFAULT '[]',
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "authSummary" TEXT NOT NULL DEFAULT '',
    "hasSensitive" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'shadow',
    "triage" TEXT NOT NULL DEFAULT 'new',
    "triageNote" TEXT,
    "ignoredById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Endpoint_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Endpoint_ownerTeamId_fkey" FOREIGN KEY ("ownerTeamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Endpoint_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Endpoint_ignoredById_fkey" FOREIGN KEY ("ignoredById") REFERENCES "PathOverride" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Endpoint" ("apiId", "authCounts", "createdAt", "evidence", "examplePaths", "findings", "firstSeen", "host", "id", "ignoredById", "lastSeen", "method", "operationId", "ownerTeamId", "pathTemplate", "requestCount", "sensitiveTags", "state", "statusCounts", "triage", "triageNote", "updatedAt") SELECT "apiId", "authCounts", "createdAt", "evidence", "examplePaths", "findings", "firstSeen", "host", "id", "ignoredById", "lastSeen", "method", "operationId", "ownerTeamId", "pathTemplate", "requestCount", "sensitiveTags", "state", "statusCounts", "triage", "triageNote", "updatedAt" FROM "Endpoint";
DROP TABLE "Endpoint";
ALTER TABLE "new_Endpoint" RENAME TO "Endpoint";
CREATE INDEX "Endpoint_state_lastSeen_idx" ON "Endpoint"("state", "lastSeen");
CREATE INDEX "Endpoint_state_requestCount_idx" ON "Endpoint"("state", "requestCount");
CREATE INDEX "Endpoint_host_idx" ON "Endpoint"("host");
CREATE INDEX "Endpoint_lastSeen_idx" ON "Endpoint"("lastSeen");
CREATE INDEX "Endpoint_apiId_idx" ON "Endpoint"("apiId");
CREATE INDEX "Endpoint_ownerTeamId_idx" ON "Endpoint"("ownerTeamId");
CREATE INDEX "Endpoint_ignoredById_idx" ON "Endpoint"("ignoredById");
CREATE UNIQUE INDEX "Endpoint_host_method_pathTemplate_key" ON "Endpoint"("host", "method", "pathTemplate");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

