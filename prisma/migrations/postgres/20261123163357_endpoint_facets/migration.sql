-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "authSummary" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "hasSensitive" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Endpoint_state_requestCount_idx" ON "Endpoint"("state", "requestCount");

