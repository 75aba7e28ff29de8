DROP INDEX "opportunity_stays_workspace_stage_idx";--> statement-breakpoint
ALTER TABLE "opportunity_stays" ADD COLUMN "first_visit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "opportunity_stays" ADD COLUMN "current_stage" text;