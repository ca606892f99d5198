-- AlterTable
ALTER TABLE "Alert" ADD COLUMN "leaseOwner" TEXT;
ALTER TABLE "Alert" ADD COLUMN "leaseUntil" DATETIME;

