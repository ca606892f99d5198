-- AlterTable
ALTER TABLE "Endpoint" ADD COLUMN     "ignoredById" TEXT;

-- CreateTable
CREATE TABLE "OwnershipRule" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL DEFAULT '*',
    "pathPrefix" TEXT NOT NULL DEFAULT '/',
    "teamId" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OwnershipRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OwnershipRule_teamId_idx" ON "OwnershipRule"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "OwnershipRule_host_pathPrefix_key" ON "OwnershipRule"("host", "pathPrefix");

-- CreateIndex
CREATE INDEX "Endpoint_ignoredById_idx" ON "Endpoint"("ignoredById");

-- AddForeignKey
ALTER TABLE "Endpoint" ADD CONSTRAINT "Endpoint_ignoredById_fkey" FOREIGN KEY ("ignoredById") REFERENCES "PathOverride"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnershipRule" ADD CONSTRAINT "OwnershipRule_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

