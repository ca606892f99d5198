-- Existing rows are filled by serve's stored-data pass (lib/db/stored-unlisted.ts).

-- DropIndex
DROP INDEX "Endpoint_ignoredById_state_idx";

-- DropIndex
DROP INDEX "Endpoint_ignoredById_method_state_idx";

-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "unlisted" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_state_unlisted_idx" ON "Endpoint"("ignoredById", "state", "unlisted");

-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_method_state_unlisted_idx" ON "Endpoint"("ignoredById", "method", "state", "unlisted");

-- CreateIndex
CREATE INDEX "Endpoint_unlisted_state_ignoredById_idx" ON "Endpoint"("unlisted", "state", "ignoredById");

