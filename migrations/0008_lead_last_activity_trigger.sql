-- leads.last_activity_at follows the newest activity whatever path inserts activities (one API call or a set-based import).
CREATE FUNCTION "leads_track_last_activity"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "leads" AS l SET "last_activity_at" = n.latest
  FROM (
    SELECT "workspace_id", "lead_id", max("occurred_at") AS latest FROM new_activities GROUP BY "workspace_id", "lead_id"
  ) AS n
  WHERE l."workspace_id" = n."workspace_id" AND l."id" = n."lead_id"
    AND (l."last_activity_at" IS NULL OR l."last_activity_at" < n.latest);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "activities_track_last_activity" AFTER INSERT ON "activities"
  REFERENCING NEW TABLE AS new_activities FOR EACH STATEMENT EXECUTE FUNCTION "leads_track_last_activity"();--> statement-breakpoint
UPDATE "leads" AS l SET "last_activity_at" = a.latest
FROM (SELECT "workspace_id", "lead_id", max("occurred_at") AS latest FROM "activities" GROUP BY "workspace_id", "lead_id") AS a
WHERE l."workspace_id" = a."workspace_id" AND l."id" = a."lead_id";
