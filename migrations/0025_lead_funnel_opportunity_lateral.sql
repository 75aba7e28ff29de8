-- A lead's opportunity transitions are read per opportunity, by the whole (workspace, entity type, entity id) key of the
-- transitions index. Joined as before, the planner, estimating one row everywhere (statistics that no ANALYZE has
-- refreshed: PGlite never autovacuums, nor does a server with autovacuum off), read every opportunity transition of
-- the workspace by its first two columns and filtered on the opportunity: each opportunity change cost time in
-- proportion to the workspace's deals (auto_explain, 2,200 imported deals: 1,236 rows read to keep 2, 2-3 ms a call).
-- OFFSET 0 keeps the subquery from being flattened back into that join.
CREATE OR REPLACE FUNCTION "lead_funnel_recompute_few"(p_workspaces uuid[], p_leads uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "lead_funnel" AS f SET
    "source" = l."source", "owner" = l."owner", "rubric" = ll.rubric, "grade" = ll.grade,
    "working_at" = ll.working_at, "qualified_at" = ll.qualified_at,
    "opportunity_at" = ol.opportunity_at, "won_at" = ol.won_at,
    "nurtured" = ll.nurtured, "disqualified" = ll.disqualified, "lost" = ol.lost,
    "lead_nurture_moves" = ll.nurture_moves, "lead_reopen_moves" = ll.reopen_moves,
    "opportunity_stage_back_moves" = ol.back_moves, "opportunity_reopen_moves" = ol.reopen_moves
  FROM unnest(p_workspaces, p_leads) AS a("workspace_id", "lead_id")
  JOIN "leads" l ON l."workspace_id" = a."workspace_id" AND l."id" = a."lead_id"
  CROSS JOIN LATERAL (
    SELECT
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'working') AS working_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'qualified') AS qualified_at,
      coalesce(bool_or(t."to_state" = 'nurturing'), false) AS nurtured,
      coalesce(bool_or(t."to_state" = 'disqualified'), false) AS disqualified,
      count(*) FILTER (WHERE t."action" = 'nurture') AS nurture_moves,
      count(*) FILTER (WHERE t."action" = 'reopen') AS reopen_moves,
      (array_agg(t."evaluation"->>'grade' ORDER BY t."occurred_at", t."seq") FILTER (WHERE t."action" = 'qualify'))[1] AS grade,
      (array_agg(t."rubric_id"::text || ':' || t."rubric_version" ORDER BY t."occurred_at", t."seq")
        FILTER (WHERE t."action" = 'create'))[1] AS rubric
    FROM "transitions" t
    WHERE t."workspace_id" = a."workspace_id" AND t."entity_type" = 'lead' AND t."entity_id" = a."lead_id"
  ) AS ll
  CROSS JOIN LATERAL (
    SELECT
      min(t."occurred_at") FILTER (WHERE t."action" = 'create') AS opportunity_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'closed_won') AS won_at,
      coalesce(bool_or(t."to_state" = 'closed_lost'), false) AS lost,
      count(*) FILTER (WHERE t."action" = 'reopen') AS reopen_moves,
      count(*) FILTER (WHERE t."action" = 'stage'
        AND array_position(array['prospecting','qualification','needs_analysis','proposal','negotiation'], t."to_state")
          < array_position(array['prospecting','qualification','needs_analysis','proposal','negotiation'], t."from_state")) AS back_moves
    FROM "prospects" p
    JOIN "opportunities" o ON o."workspace_id" = p."workspace_id" AND o."prospect_id" = p."id"
    CROSS JOIN LATERAL (
      SELECT * FROM "transitions" t
      WHERE t."workspace_id" = o."workspace_id" AND t."entity_type" = 'opportunity' AND t."entity_id" = o."id"
      OFFSET 0
    ) AS t
    WHERE p."workspace_id" = a."workspace_id" AND p."lead_id" = a."lead_id"
  ) AS ol
  WHERE f."workspace_id" = a."workspace_id" AND f."lead_id" = a."lead_id";
END
$$;
