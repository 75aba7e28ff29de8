-- A statement that appends no opportunity transitions (every lead change, every import chunk of leads) leaves
-- opportunity_stays alone: the rebuild's DELETE and windowed INSERT ran on every ledger insert only to find nothing
-- (pg_stat_user_functions over 3,000 lead creations: 0.11 ms a call).
CREATE OR REPLACE FUNCTION "opportunity_stays_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_transitions WHERE "entity_type" = 'opportunity') THEN
    RETURN NULL;
  END IF;
  DELETE FROM "opportunity_stays" AS s
  USING (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = 'opportunity') AS n
  WHERE s."workspace_id" = n."workspace_id" AND s."opportunity_id" = n."entity_id";
  INSERT INTO "opportunity_stays" ("workspace_id", "opportunity_id", "seq", "stage", "entered_at", "next_stage",
    "left_at", "first_visit", "current_stage")
  SELECT t."workspace_id", t."entity_id", t."seq", t."to_state", t."occurred_at",
    lead(t."to_state") OVER w, lead(t."occurred_at") OVER w,
    row_number() OVER (PARTITION BY t."workspace_id", t."entity_id", t."to_state" ORDER BY t."occurred_at", t."seq") = 1,
    last_value(t."to_state") OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  FROM (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = 'opportunity') AS n
  JOIN "transitions" t ON t."workspace_id" = n."workspace_id" AND t."entity_type" = 'opportunity'
    AND t."entity_id" = n."entity_id"
  WINDOW w AS (PARTITION BY t."workspace_id", t."entity_id" ORDER BY t."occurred_at", t."seq");
  RETURN NULL;
END
$$;--> statement-breakpoint
-- A ledger evaluation (about 3 KB of JSON) is over the row size Postgres compresses at: pglz cost about 35 us a row,
-- lz4 about 9 (10,000 rows of one evaluation: 344-402 ms against 78-110 ms). lz4 is an option of the server's build;
-- where it is missing (PGlite) the columns keep the default.
DO $$
BEGIN
  ALTER TABLE "transitions" ALTER COLUMN "evaluation" SET COMPRESSION lz4;
  ALTER TABLE "events" ALTER COLUMN "payload" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END
$$;
