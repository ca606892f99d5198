-- DropForeignKey
ALTER TABLE "DeprecationRequest" DROP CONSTRAINT "DeprecationRequest_endpointId_fkey";

-- AddForeignKey
ALTER TABLE "DeprecationRequest" ADD CONSTRAINT "DeprecationRequest_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "Endpoint"("id") ON DELETE SET NULL ON UPDATE CASCADE;

