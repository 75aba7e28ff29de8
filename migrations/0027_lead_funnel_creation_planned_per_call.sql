-- The creation path's INSERT is planned at every call (EXECUTE) instead of once per connection. PL/pgSQL kept the
-- plan it made on the connection's first call, and a plan made while leads was small (a hash join over a sequential
-- scan of leads) stayed on as the table grew, until an ANALYZE of leads, which PGlite and a server with autovacuum off
-- never run: every later lead creation read the whole table. Statement log of a 300,000-row import on Postgres: the
-- ledger insert that fires it went from 46 ms a chunk in the first fifth to 190 ms in the last (auto_explain: the
-- trigger's insert, 152 ms, a sequential scan of leads planned for 693 rows). Planning the two-table join costs less
-- than a tenth of a millisecond.
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
    JOIN "leads" l ON l."workspace_id" = n."workspace_id" AND l."id" = n."entity_id"
    ORDER BY l."workspace_id", l."id"
    ON CONFLICT ("workspace_id", "lead_id") DO NOTHING';
    GET DIAGNOSTICS created = ROW_COUNT;
    IF created = (SELECT count(*) FROM new_transitions) THEN
      RETURN NULL;
    END IF;
  END IF;
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
