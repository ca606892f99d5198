-- DropIndex
DROP INDEX "Endpoint_state_lastSeen_idx";

-- DropIndex
DROP INDEX "Endpoint_state_requestCount_idx";

-- DropIndex
DROP INDEX "Endpoint_host_idx";

-- DropIndex
DROP INDEX "Endpoint_lastSeen_idx";

-- DropIndex
DROP INDEX "Endpoint_ignoredById_idx";

-- CreateIndex
CREATE INDEX "Endpoint_state_lastSeen_id_idx" ON "Endpoint"("state", "lastSeen", "id");

-- CreateIndex
CREATE INDEX "Endpoint_state_requestCount_id_idx" ON "Endpoint"("state", "requestCount", "id");

-- CreateIndex
CREATE INDEX "Endpoint_state_firstSeen_idx" ON "Endpoint"("state", "firstSeen");

-- CreateIndex
CREATE INDEX "Endpoint_host_lastSeen_idx" ON "Endpoint"("host", "lastSeen");

-- CreateIndex
CREATE INDEX "Endpoint_lastSeen_id_idx" ON "Endpoint"("lastSeen", "id");

-- CreateIndex
CREATE INDEX "Endpoint_requestCount_id_idx" ON "Endpoint"("requestCount", "id");

-- CreateIndex
CREATE INDEX "Endpoint_pathTemplate_id_idx" ON "Endpoint"("pathTemplate", "id");

-- CreateIndex
CREATE INDEX "Endpoint_firstSeen_id_idx" ON "Endpoint"("firstSeen", "id");

-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_state_idx" ON "Endpoint"("ignoredById", "state");

