-- Ledger evaluations and event payloads are stored as json (their text) instead of jsonb: they are appended and read
-- back whole, never searched inside, and building the jsonb tree of a 3 KB evaluation cost an import more than storing
-- the row. A jsonb value casts to json on assignment, so the statements that build payloads with jsonb functions keep
-- working. The type change rewrites both tables once.
ALTER TABLE "events" ALTER COLUMN "payload" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "transitions" ALTER COLUMN "evaluation" SET DATA TYPE json;--> statement-breakpoint
-- The rewrite drops the columns' compression (0022); lz4 again where the server has it.
DO $$
BEGIN
  ALTER TABLE "transitions" ALTER COLUMN "evaluation" SET COMPRESSION lz4;
  ALTER TABLE "events" ALTER COLUMN "payload" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END
$$;
