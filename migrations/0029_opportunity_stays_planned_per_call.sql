-- As 0027 and 0028: the opportunity stays are rebuilt by statements planned at each call. On one connection
-- (test/db/lead-funnel.spec.ts), after a first call of 500 opportunities and 20,000 more leads with their ledger, with
-- no ANALYZE, creating ten more opportunities and moving them a stage each read all of transitions, on both drivers.
CREATE OR REPLACE FUNCTION "opportunity_stays_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_transitions WHERE "entity_type" = 'opportunity') THEN
    RETURN NULL;
  END IF;
  EXECUTE 'DELETE FROM "opportunity_stays" AS s
  USING (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = ''opportunity'') AS n
  WHERE s."workspace_id" = n."workspace_id" AND s."opportunity_id" = n."entity_id"';
  EXECUTE 'INSERT INTO "opportunity_stays" ("workspace_id", "opportunity_id", "seq", "stage", "entered_at", "next_stage",
    "left_at", "first_visit", "current_stage")
  SELECT t."workspace_id", t."entity_id", t."seq", t."to_state", t."occurred_at",
    lead(t."to_state") OVER w, lead(t."occurred_at") OVER w,
    row_number() OVER (PARTITION BY t."workspace_id", t."entity_id", t."to_state" ORDER BY t."occurred_at", t."seq") = 1,
    last_value(t."to_state") OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  FROM (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = ''opportunity'') AS n
  JOIN "transitions" t ON t."workspace_id" = n."workspace_id" AND t."entity_type" = ''opportunity''
    AND t."entity_id" = n."entity_id"
  WINDOW w AS (PARTITION BY t."workspace_id", t."entity_id" ORDER BY t."occurred_at", t."seq")';
  RETURN NULL;
END
$$;
