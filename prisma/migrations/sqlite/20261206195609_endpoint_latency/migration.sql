-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN "latency" JSONB;

