ALTER TABLE "leads" ADD COLUMN "engagement_points" real;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "engagement_half_life_days" real;--> statement-breakpoint
ALTER TABLE "leads" ADD COLUMN "last_activity_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "score_settings" jsonb;--> statement-breakpoint
CREATE INDEX "leads_workspace_score_idx" ON "leads" USING btree ("workspace_id",coalesce("score_total", -1),"id");--> statement-breakpoint
CREATE INDEX "leads_workspace_updated_idx" ON "leads" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_workspace_last_activity_idx" ON "leads" USING btree ("workspace_id",coalesce("last_activity_at", '-infinity'::timestamptz),"id");