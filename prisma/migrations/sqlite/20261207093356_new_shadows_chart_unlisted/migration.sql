-- The dashboard's new-shadows-per-week chart counts shadows a week first saw, as the list shows them (Endpoint.unlisted
-- false: no 404/405-only or preflight row); with unlisted between state and firstSeen each week stays one index range.
-- DropIndex
DROP INDEX "Endpoint_state_firstSeen_idx";

-- CreateIndex
CREATE INDEX "Endpoint_state_unlisted_firstSeen_idx" ON "Endpoint"("state", "unlisted", "firstSeen");

