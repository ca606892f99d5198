-- DropIndex
DROP INDEX "Endpoint_method_state_idx";

-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_method_state_idx" ON "Endpoint"("ignoredById", "method", "state");

