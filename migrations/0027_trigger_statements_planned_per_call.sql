-- The trigger statements that find the rows a statement wrote by key (in leads, opportunities, prospects, lead_funnel,
-- transitions) are planned at each call (EXECUTE) instead of once per connection. PL/pgSQL kept the plan it made on a
-- connection's first call, and a plan made while the tables were small (a hash join over a sequential scan) stayed on
-- as they grew, until an ANALYZE, which PGlite and a server with autovacuum off never run. Statement log of a
-- 300,000-row import on Postgres: the ledger insert that fires the funnel's creation path went from 46 ms a chunk in
-- the first fifth to 190 ms in the last (auto_explain: the trigger's insert, 152 ms, a sequential scan of leads planned
-- for 693 rows). On one connection (test/db/lead-funnel.spec.ts), after first calls of 500 rows and 20,000 more leads
-- with no ANALYZE, ten activities read all of leads, ten lead moves all of leads and lead_funnel (on PGlite through
-- lead_funnel_recompute_few's generic plan, kept after five uses), and ten opportunities created and moved a stage
-- all of transitions. Planning costs a single write about 0.2 ms.
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
  EXECUTE 'WITH touched AS (
    SELECT n."workspace_id", n."entity_id" AS lead_id FROM new_transitions AS n WHERE n."entity_type" = ''lead''
    UNION
    SELECT p."workspace_id", p."lead_id" FROM new_transitions AS n
    JOIN "opportunities" o ON o."workspace_id" = n."workspace_id" AND o."id" = n."entity_id"
    JOIN "prospects" p ON p."workspace_id" = o."workspace_id" AND p."id" = o."prospect_id"
    WHERE n."entity_type" = ''opportunity''
  ), locked AS (
    INSERT INTO "lead_funnel" ("workspace_id", "lead_id", "created_at")
    SELECT l."workspace_id", l."id", l."created_at" FROM touched AS t
    JOIN "leads" l ON l."workspace_id" = t."workspace_id" AND l."id" = t.lead_id
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
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "leads_track_last_activity"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'UPDATE "leads" AS l SET "last_activity_at" = n.latest
  FROM (
    SELECT "workspace_id", "lead_id", max("occurred_at") AS latest FROM new_activities GROUP BY "workspace_id", "lead_id"
  ) AS n
  WHERE l."workspace_id" = n."workspace_id" AND l."id" = n."lead_id"
    AND (l."last_activity_at" IS NULL OR l."last_activity_at" < n.latest)';
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "lead_funnel_recompute_few"(p_workspaces uuid[], p_leads uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'UPDATE "lead_funnel" AS f SET
    "source" = l."source", "owner" = l."owner", "rubric" = ll.rubric, "grade" = ll.grade,
    "working_at" = ll.working_at, "qualified_at" = ll.qualified_at,
    "opportunity_at" = ol.opportunity_at, "won_at" = ol.won_at,
    "nurtured" = ll.nurtured, "disqualified" = ll.disqualified, "lost" = ol.lost,
    "lead_nurture_moves" = ll.nurture_moves, "lead_reopen_moves" = ll.reopen_moves,
    "opportunity_stage_back_moves" = ol.back_moves, "opportunity_reopen_moves" = ol.reopen_moves
  FROM unnest($1, $2) AS a("workspace_id", "lead_id")
  JOIN "leads" l ON l."workspace_id" = a."workspace_id" AND l."id" = a."lead_id"
  CROSS JOIN LATERAL (
    SELECT
      min(t."occurred_at") FILTER (WHERE t."to_state" = ''working'') AS working_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = ''qualified'') AS qualified_at,
      coalesce(bool_or(t."to_state" = ''nurturing''), false) AS nurtured,
      coalesce(bool_or(t."to_state" = ''disqualified''), false) AS disqualified,
      count(*) FILTER (WHERE t."action" = ''nurture'') AS nurture_moves,
      count(*) FILTER (WHERE t."action" = ''reopen'') AS reopen_moves,
      (array_agg(t."evaluation"->>''grade'' ORDER BY t."occurred_at", t."seq") FILTER (WHERE t."action" = ''qualify''))[1] AS grade,
      (array_agg(t."rubric_id"::text || '':'' || t."rubric_version" ORDER BY t."occurred_at", t."seq")
        FILTER (WHERE t."action" = ''create''))[1] AS rubric
    FROM "transitions" t
    WHERE t."workspace_id" = a."workspace_id" AND t."entity_type" = ''lead'' AND t."entity_id" = a."lead_id"
  ) AS ll
  CROSS JOIN LATERAL (
    SELECT
      min(t."occurred_at") FILTER (WHERE t."action" = ''create'') AS opportunity_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = ''closed_won'') AS won_at,
      coalesce(bool_or(t."to_state" = ''closed_lost''), false) AS lost,
      count(*) FILTER (WHERE t."action" = ''reopen'') AS reopen_moves,
      count(*) FILTER (WHERE t."action" = ''stage''
        AND array_position(array[''prospecting'',''qualification'',''needs_analysis'',''proposal'',''negotiation''], t."to_state")
          < array_position(array[''prospecting'',''qualification'',''needs_analysis'',''proposal'',''negotiation''], t."from_state")) AS back_moves
    FROM "prospects" p
    JOIN "opportunities" o ON o."workspace_id" = p."workspace_id" AND o."prospect_id" = p."id"
    CROSS JOIN LATERAL (
      SELECT * FROM "transitions" t
      WHERE t."workspace_id" = o."workspace_id" AND t."entity_type" = ''opportunity'' AND t."entity_id" = o."id"
      OFFSET 0
    ) AS t
    WHERE p."workspace_id" = a."workspace_id" AND p."lead_id" = a."lead_id"
  ) AS ol
  WHERE f."workspace_id" = a."workspace_id" AND f."lead_id" = a."lead_id"'
  USING p_workspaces, p_leads;
END
$$;--> statement-breakpoint
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
