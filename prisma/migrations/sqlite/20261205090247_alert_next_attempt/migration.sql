-- AlterTable
ALTER TABLE "Alert" ADD COLUMN "nextAttemptAt" DATETIME;

