-- CreateTable
CREATE TABLE "StoredDataRules" (
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoredDataRules_pkey" PRIMARY KEY ("name")
);

