-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureMs" BIGINT NOT NULL,
    "lockedUntilMs" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignInThrottle_lastFailureMs_idx" ON "SignInThrottle"("lastFailureMs");

