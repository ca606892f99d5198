-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

