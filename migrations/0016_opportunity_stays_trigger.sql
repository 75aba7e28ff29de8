-- opportunity_stays follows the ledger: after any statement that appends opportunity transitions, the stays of the
-- touched opportunities are rebuilt from their whole ledger (a past-time import may insert a stay between two others).
-- Every writer of an opportunity's transitions holds the opportunity's row lock, so rebuilds of one never interleave.
CREATE FUNCTION "opportunity_stays_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "opportunity_stays" AS s
  USING (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = 'opportunity') AS n
  WHERE s."workspace_id" = n."workspace_id" AND s."opportunity_id" = n."entity_id";
  INSERT INTO "opportunity_stays" ("workspace_id", "opportunity_id", "seq", "stage", "entered_at", "next_stage", "left_at")
  SELECT t."workspace_id", t."entity_id", t."seq", t."to_state", t."occurred_at",
    lead(t."to_state") OVER w, lead(t."occurred_at") OVER w
  FROM (SELECT DISTINCT "workspace_id", "entity_id" FROM new_transitions WHERE "entity_type" = 'opportunity') AS n
  JOIN "transitions" t ON t."workspace_id" = n."workspace_id" AND t."entity_type" = 'opportunity'
    AND t."entity_id" = n."entity_id"
  WINDOW w AS (PARTITION BY t."workspace_id", t."entity_id" ORDER BY t."occurred_at", t."seq");
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "transitions_track_opportunity_stays" AFTER INSERT ON "transitions"
  REFERENCING NEW TABLE AS new_transitions FOR EACH STATEMENT EXECUTE FUNCTION "opportunity_stays_track"();--> statement-breakpoint
INSERT INTO "opportunity_stays" ("workspace_id", "opportunity_id", "seq", "stage", "entered_at", "next_stage", "left_at")
SELECT "workspace_id", "entity_id", "seq", "to_state", "occurred_at",
  lead("to_state") OVER w, lead("occurred_at") OVER w
FROM "transitions" WHERE "entity_type" = 'opportunity'
WINDOW w AS (PARTITION BY "workspace_id", "entity_id" ORDER BY "occurred_at", "seq");
