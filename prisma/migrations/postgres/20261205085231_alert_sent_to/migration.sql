-- AlterTable
ALTER TABLE "Alert" ADD COLUMN     "sentTo" JSONB NOT NULL DEFAULT '[]';

