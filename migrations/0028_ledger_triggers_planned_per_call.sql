-- As 0027 did for the funnel's creation path: the trigger statements that find the rows a statement wrote by key (in
-- leads, opportunities, prospects, lead_funnel) are planned at each call, so that a plan made while those tables were
-- small is not kept as they grow. On one connection (test/db/lead-funnel.spec.ts), after first calls of 500 rows and
-- 20,000 more leads with no ANALYZE, ten activities read all of leads, and ten lead moves all of leads (the funnel's
-- general path on Postgres; lead_funnel_recompute_few's generic plan on PGlite, whose one connection had used it
-- more than the five times after which a generic plan is kept).
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
$$;
