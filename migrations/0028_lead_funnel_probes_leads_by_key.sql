-- The funnel trigger reads each lead (and each opportunity) its statement touched by the primary key, one probe per
-- row (a LATERAL subquery that OFFSET 0 keeps from being flattened). Joined as before, the planner hashed the whole of leads and scanned it
-- once per statement: auto_explain of a 20,000-row import, the creation path's join took 3.7 ms a chunk of 500 at
-- 2,000 leads and 9.9 ms at 19,000, growing with the table until its estimates turned it to the index.
CREATE OR REPLACE FUNCTION "lead_funnel_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  workspaces uuid[];
  lead_ids uuid[];
  nestloop text := current_setting('enable_nestloop');
  created bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_transitions WHERE "entity_type" <> 'lead' OR "action" <> 'create') THEN
    EXECUTE 'INSERT INTO "lead_funnel" ("workspace_id", "lead_id", "created_at", "source", "owner", "rubric")
    SELECT l."workspace_id", l."id", l."created_at", l."source", l."owner", n."rubric_id"::text || '':'' || n."rubric_version"
    FROM new_transitions AS n
    CROSS JOIN LATERAL (
      SELECT * FROM "leads" l WHERE l."workspace_id" = n."workspace_id" AND l."id" = n."entity_id" OFFSET 0
    ) AS l
    ORDER BY l."workspace_id", l."id"
    ON CONFLICT ("workspace_id", "lead_id") DO NOTHING';
    GET DIAGNOSTICS created = ROW_COUNT;
    IF created = (SELECT count(*) FROM new_transitions) THEN
      RETURN NULL;
    END IF;
  END IF;
  EXECUTE 'WITH touched AS (
    SELECT n."workspace_id", n."entity_id" AS lead_id FROM new_transitions AS n WHERE n."entity_type" = ''lead''
    UNION
    SELECT p."workspace_id", p."lead_id" FROM new_transitions AS n
    CROSS JOIN LATERAL (
      SELECT p.* FROM "opportunities" o
      JOIN "prospects" p ON p."workspace_id" = o."workspace_id" AND p."id" = o."prospect_id"
      WHERE o."workspace_id" = n."workspace_id" AND o."id" = n."entity_id" OFFSET 0
    ) AS p
    WHERE n."entity_type" = ''opportunity''
  ), locked AS (
    INSERT INTO "lead_funnel" ("workspace_id", "lead_id", "created_at")
    SELECT l."workspace_id", l."id", l."created_at" FROM touched AS t
    CROSS JOIN LATERAL (
      SELECT * FROM "leads" l WHERE l."workspace_id" = t."workspace_id" AND l."id" = t.lead_id OFFSET 0
    ) AS l
    ORDER BY l."workspace_id", l."id"
    ON CONFLICT ("workspace_id", "lead_id") DO UPDATE SET "lead_id" = excluded."lead_id"
    RETURNING "workspace_id", "lead_id"
  )
  SELECT array_agg("workspace_id"), array_agg("lead_id") FROM locked'
  INTO workspaces, lead_ids;
  IF lead_ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF cardinality(lead_ids) <= 5000 THEN
    PERFORM "lead_funnel_recompute_few"(workspaces, lead_ids);
  ELSE
    PERFORM set_config('enable_nestloop', 'off', true);
    PERFORM "lead_funnel_recompute"(workspaces, lead_ids);
    PERFORM set_config('enable_nestloop', nestloop, true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- For the same reason, the two statements that update rows found by key (a lead's newest activity; the funnel rows
-- of at most 5,000 leads) join by nested loops only: 500 activities or lead moves at once among 20,000 leads read
-- all of leads, and moved opportunities all of opportunities (test/db/lead-funnel.spec.ts).
ALTER FUNCTION "leads_track_last_activity"() SET enable_hashjoin = off SET enable_mergejoin = off;--> statement-breakpoint
ALTER FUNCTION "lead_funnel_recompute_few"(uuid[], uuid[]) SET enable_hashjoin = off SET enable_mergejoin = off;
