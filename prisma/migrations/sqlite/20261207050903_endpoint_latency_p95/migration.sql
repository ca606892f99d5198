-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "latencyP95Ms" REAL;

-- CreateIndex
CREATE INDEX "Endpoint_latencyP95Ms_id_idx" ON "Endpoint"("latencyP95Ms", "id");

