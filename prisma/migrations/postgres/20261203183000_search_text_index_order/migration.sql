-- With ("ignoredById", "state", "searchText") the planner never chose an index-only scan for the short-term search
-- count (`"ignoredById" IS NULL AND "searchText" LIKE '%42%'`) and read the wide rows (25 ms at 100,000 endpoints);
-- with the searched column first it does (13–17 ms, no heap fetches once vacuumed).
DROP INDEX IF EXISTS "Endpoint_ignoredById_state_searchText_idx";
CREATE INDEX "Endpoint_searchText_state_ignoredById_idx" ON "Endpoint"("searchText", "state", "ignoredById");
