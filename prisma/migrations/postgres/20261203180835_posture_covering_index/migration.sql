-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_authSummary_hasSensitive_idx" ON "Endpoint"("ignoredById", "authSummary", "hasSensitive");

