-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DeprecationRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "operationId" TEXT,
    "endpointId" TEXT,
    "requesterId" TEXT,
    "reason" TEXT NOT NULL,
    "proposedSunset" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "reviewerId" TEXT,
    "decisionNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DeprecationRequest_operationId_fkey" FOREIGN KEY ("operationId") REFERENCES "Operation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeprecationRequest_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DeprecationRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DeprecationRequest_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_DeprecationRequest" ("createdAt", "decidedAt", "decisionNote", "endpointId", "id", "operationId", "proposedSunset", "reason", "requesterId", "reviewerId", "status", "updatedAt") SELECT "createdAt", "decidedAt", "decisionNote", "endpointId", "id", "operationId", "proposedSunset", "reason", "requesterId", "reviewerId", "status", "updatedAt" FROM "DeprecationRequest";
DROP TABLE "DeprecationRequest";
ALTER TABLE "new_DeprecationRequest" RENAME TO "DeprecationRequest";
CREATE INDEX "DeprecationRequest_status_createdAt_idx" ON "DeprecationRequest"("status", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

