-- A statement that appends many transitions (an import, a seed) touches many leads; the planner cannot see how many
-- the arrays hold and joins them by nested loops, one index probe per lead and table: a backfill of 1,000,000 leads
-- ran over 11 minutes that way and 147 s with hash joins. Above 5,000 leads the recompute plans without nested loops.
CREATE OR REPLACE FUNCTION "lead_funnel_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  workspaces uuid[];
  lead_ids uuid[];
  nestloop text := current_setting('enable_nestloop');
BEGIN
  WITH touched AS (
    SELECT n."workspace_id", n."entity_id" AS lead_id FROM new_transitions AS n WHERE n."entity_type" = 'lead'
    UNION
    SELECT p."workspace_id", p."lead_id" FROM new_transitions AS n
    JOIN "opportunities" o ON o."workspace_id" = n."workspace_id" AND o."id" = n."entity_id"
    JOIN "prospects" p ON p."workspace_id" = o."workspace_id" AND p."id" = o."prospect_id"
    WHERE n."entity_type" = 'opportunity'
  ), locked AS (
    INSERT INTO "lead_funnel" ("workspace_id", "lead_id", "created_at")
    SELECT l."workspace_id", l."id", l."created_at" FROM touched AS t
    JOIN "leads" l ON l."workspace_id" = t."workspace_id" AND l."id" = t.lead_id
    ORDER BY l."workspace_id", l."id"
    ON CONFLICT ("workspace_id", "lead_id") DO UPDATE SET "lead_id" = excluded."lead_id"
    RETURNING "workspace_id", "lead_id"
  )
  SELECT array_agg("workspace_id"), array_agg("lead_id") INTO workspaces, lead_ids FROM locked;
  IF lead_ids IS NOT NULL THEN
    IF cardinality(lead_ids) > 5000 THEN
      PERFORM set_config('enable_nestloop', 'off', true);
    END IF;
    PERFORM "lead_funnel_recompute"(workspaces, lead_ids);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  RETURN NULL;
END
$$;
