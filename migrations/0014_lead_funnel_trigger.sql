-- lead_funnel follows the ledger: after any statement that appends transitions, the leads it touched (directly, or
-- through an opportunity of their prospect) are recomputed from their whole ledger, so backward moves and imports
-- with past times are exact by construction. The touched rows are locked first (the upsert), and recomputed by a
-- later statement, whose fresh snapshot sees what a transaction that held the lock before has committed.
CREATE FUNCTION "lead_funnel_recompute"(p_workspaces uuid[], p_leads uuid[]) RETURNS void LANGUAGE sql AS $$
  WITH target AS (
    SELECT * FROM unnest(p_workspaces, p_leads) AS t("workspace_id", "lead_id")
  ), lead_ledger AS (
    SELECT a."workspace_id", a."lead_id",
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'working') AS working_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'qualified') AS qualified_at,
      coalesce(bool_or(t."to_state" = 'nurturing'), false) AS nurtured,
      coalesce(bool_or(t."to_state" = 'disqualified'), false) AS disqualified,
      count(*) FILTER (WHERE t."action" = 'nurture') AS nurture_moves,
      count(*) FILTER (WHERE t."action" = 'reopen') AS reopen_moves,
      (array_agg(t."evaluation"->>'grade' ORDER BY t."occurred_at", t."seq") FILTER (WHERE t."action" = 'qualify'))[1] AS grade,
      (array_agg(t."rubric_id"::text || ':' || t."rubric_version" ORDER BY t."occurred_at", t."seq")
        FILTER (WHERE t."action" = 'create'))[1] AS rubric
    FROM target a
    JOIN "transitions" t ON t."workspace_id" = a."workspace_id" AND t."entity_type" = 'lead' AND t."entity_id" = a."lead_id"
    GROUP BY a."workspace_id", a."lead_id"
  ), opportunity_ledger AS (
    SELECT a."workspace_id", a."lead_id",
      min(t."occurred_at") FILTER (WHERE t."action" = 'create') AS opportunity_at,
      min(t."occurred_at") FILTER (WHERE t."to_state" = 'closed_won') AS won_at,
      coalesce(bool_or(t."to_state" = 'closed_lost'), false) AS lost,
      count(*) FILTER (WHERE t."action" = 'reopen') AS reopen_moves,
      count(*) FILTER (WHERE t."action" = 'stage'
        AND array_position(array['prospecting','qualification','needs_analysis','proposal','negotiation'], t."to_state")
          < array_position(array['prospecting','qualification','needs_analysis','proposal','negotiation'], t."from_state")) AS back_moves
    FROM target a
    JOIN "prospects" p ON p."workspace_id" = a."workspace_id" AND p."lead_id" = a."lead_id"
    JOIN "opportunities" o ON o."workspace_id" = p."workspace_id" AND o."prospect_id" = p."id"
    JOIN "transitions" t ON t."workspace_id" = o."workspace_id" AND t."entity_type" = 'opportunity' AND t."entity_id" = o."id"
    GROUP BY a."workspace_id", a."lead_id"
  )
  UPDATE "lead_funnel" AS f SET
    "source" = l."source", "owner" = l."owner", "rubric" = ll.rubric, "grade" = ll.grade,
    "working_at" = ll.working_at, "qualified_at" = ll.qualified_at,
    "opportunity_at" = ol.opportunity_at, "won_at" = ol.won_at,
    "nurtured" = coalesce(ll.nurtured, false), "disqualified" = coalesce(ll.disqualified, false),
    "lost" = coalesce(ol.lost, false),
    "lead_nurture_moves" = coalesce(ll.nurture_moves, 0), "lead_reopen_moves" = coalesce(ll.reopen_moves, 0),
    "opportunity_stage_back_moves" = coalesce(ol.back_moves, 0), "opportunity_reopen_moves" = coalesce(ol.reopen_moves, 0)
  FROM target a
  JOIN "leads" l ON l."workspace_id" = a."workspace_id" AND l."id" = a."lead_id"
  LEFT JOIN lead_ledger ll ON ll."workspace_id" = a."workspace_id" AND ll."lead_id" = a."lead_id"
  LEFT JOIN opportunity_ledger ol ON ol."workspace_id" = a."workspace_id" AND ol."lead_id" = a."lead_id"
  WHERE f."workspace_id" = a."workspace_id" AND f."lead_id" = a."lead_id"
$$;--> statement-breakpoint
CREATE FUNCTION "lead_funnel_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  workspaces uuid[];
  lead_ids uuid[];
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
    PERFORM "lead_funnel_recompute"(workspaces, lead_ids);
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "transitions_track_lead_funnel" AFTER INSERT ON "transitions"
  REFERENCING NEW TABLE AS new_transitions FOR EACH STATEMENT EXECUTE FUNCTION "lead_funnel_track"();--> statement-breakpoint
-- The funnel groups by the lead's current source and owner.
CREATE FUNCTION "lead_funnel_follow_lead"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "lead_funnel" SET "source" = NEW."source", "owner" = NEW."owner"
  WHERE "workspace_id" = NEW."workspace_id" AND "lead_id" = NEW."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "leads_follow_lead_funnel" AFTER UPDATE OF "source", "owner" ON "leads" FOR EACH ROW
  WHEN (OLD."source" IS DISTINCT FROM NEW."source" OR OLD."owner" IS DISTINCT FROM NEW."owner")
  EXECUTE FUNCTION "lead_funnel_follow_lead"();--> statement-breakpoint
INSERT INTO "lead_funnel" ("workspace_id", "lead_id", "created_at")
SELECT "workspace_id", "id", "created_at" FROM "leads";--> statement-breakpoint
SELECT "lead_funnel_recompute"(array_agg("workspace_id"), array_agg("lead_id")) FROM "lead_funnel";
