-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "endpointId" TEXT,
    "summary" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentTo" JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT "Alert_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Alert" ("attempts", "createdAt", "deliveredAt", "endpointId", "id", "kind", "lastError", "payload", "summary") SELECT "attempts", "createdAt", "deliveredAt", "endpointId", "id", "kind", "lastError", "payload", "summary" FROM "Alert";
DROP TABLE "Alert";
ALTER TABLE "new_Alert" RENAME TO "Alert";
CREATE INDEX "Alert_createdAt_idx" ON "Alert"("createdAt");
CREATE INDEX "Alert_deliveredAt_idx" ON "Alert"("deliveredAt");
CREATE INDEX "Alert_endpointId_idx" ON "Alert"("endpointId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

