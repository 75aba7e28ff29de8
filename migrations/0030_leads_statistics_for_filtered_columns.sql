-- ANALYZE of leads keeps no statistics of the columns no query filters, joins or sorts on (the documents and the
-- free-text fields): an import refreshes them as leads grows, and at 60,000 leads the sampled jsonb documents made up
-- half of each run (230 -> 127 ms). The index expressions, and the columns the lists filter on, keep theirs.
ALTER TABLE "leads" ALTER COLUMN "company" SET STATISTICS 0, ALTER COLUMN "budget" SET STATISTICS 0,
  ALTER COLUMN "need" SET STATISTICS 0, ALTER COLUMN "timeline" SET STATISTICS 0,
  ALTER COLUMN "attributes" SET STATISTICS 0, ALTER COLUMN "first_name" SET STATISTICS 0,
  ALTER COLUMN "last_name" SET STATISTICS 0, ALTER COLUMN "phone" SET STATISTICS 0,
  ALTER COLUMN "title" SET STATISTICS 0, ALTER COLUMN "source_detail" SET STATISTICS 0;
