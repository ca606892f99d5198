-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL,
    "lastFailureMs" BIGINT NOT NULL,
    "lockedUntilMs" BIGINT NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "SignInThrottle_lastFailureMs_idx" ON "SignInThrottle"("lastFailureMs");

