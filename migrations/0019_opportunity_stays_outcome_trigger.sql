-- Stays also say whether they are the opportunity's first in their stage and where the opportunity is now, so the
-- empirical win rates are one pass over the stays instead of a DISTINCT over them joined to opportunities.
CREATE OR REPLACE FUNCTION "opportunity_stays_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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
DELETE FROM "opportunity_stays";--> statement-breakpoint
INSERT INTO "opportunity_stays" ("workspace_id", "opportunity_id", "seq", "stage", "entered_at", "next_stage",
  "left_at", "first_visit", "current_stage")
SELECT "workspace_id", "entity_id", "seq", "to_state", "occurred_at",
  lead("to_state") OVER w, lead("occurred_at") OVER w,
  row_number() OVER (PARTITION BY "workspace_id", "entity_id", "to_state" ORDER BY "occurred_at", "seq") = 1,
  last_value("to_state") OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
FROM "transitions" WHERE "entity_type" = 'opportunity'
WINDOW w AS (PARTITION BY "workspace_id", "entity_id" ORDER BY "occurred_at", "seq");
