-- CreateIndex
CREATE INDEX "Endpoint_method_state_idx" ON "Endpoint"("method", "state");

