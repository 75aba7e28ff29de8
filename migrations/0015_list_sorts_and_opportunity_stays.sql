CREATE TABLE "opportunity_stays" (
	"workspace_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"stage" text NOT NULL,
	"entered_at" timestamp (3) with time zone NOT NULL,
	"next_stage" text,
	"left_at" timestamp (3) with time zone,
	CONSTRAINT "opportunity_stays_workspace_id_opportunity_id_seq_pk" PRIMARY KEY("workspace_id","opportunity_id","seq")
);
--> statement-breakpoint
DROP INDEX "leads_workspace_created_idx";--> statement-breakpoint
ALTER TABLE "opportunity_stays" ADD CONSTRAINT "opportunity_stays_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunity_stays_workspace_entered_idx" ON "opportunity_stays" USING btree ("workspace_id","entered_at");--> statement-breakpoint
CREATE INDEX "opportunity_stays_workspace_stage_idx" ON "opportunity_stays" USING btree ("workspace_id","stage","opportunity_id");--> statement-breakpoint
CREATE INDEX "opportunities_workspace_updated_idx" ON "opportunities" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "opportunities_workspace_amount_idx" ON "opportunities" USING btree ("workspace_id","amount","id");--> statement-breakpoint
CREATE INDEX "opportunities_workspace_close_idx" ON "opportunities" USING btree ("workspace_id",coalesce("expected_close_date", '-infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "prospects_workspace_updated_idx" ON "prospects" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "leads_workspace_created_idx" ON "leads" USING btree ("workspace_id","created_at","id","last_activity_at");