-- DropIndex
DROP INDEX "EndpointDailyStat_day_idx";

-- AlterTable
ALTER TABLE "User" ADD COLUMN "sessionsValidAfter" DATETIME;

-- CreateIndex
CREATE INDEX "Endpoint_id_ignoredById_state_idx" ON "Endpoint"("id", "ignoredById", "state");

-- CreateIndex
CREATE INDEX "EndpointDailyStat_day_endpointId_requests_idx" ON "EndpointDailyStat"("day", "endpointId", "requests");

