CREATE TABLE "lead_funnel" (
	"workspace_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"source" text,
	"owner" text,
	"rubric" text,
	"grade" text,
	"working_at" timestamp (3) with time zone,
	"qualified_at" timestamp (3) with time zone,
	"opportunity_at" timestamp (3) with time zone,
	"won_at" timestamp (3) with time zone,
	"nurtured" boolean DEFAULT false NOT NULL,
	"disqualified" boolean DEFAULT false NOT NULL,
	"lost" boolean DEFAULT false NOT NULL,
	"lead_nurture_moves" integer DEFAULT 0 NOT NULL,
	"lead_reopen_moves" integer DEFAULT 0 NOT NULL,
	"opportunity_stage_back_moves" integer DEFAULT 0 NOT NULL,
	"opportunity_reopen_moves" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "lead_funnel_workspace_id_lead_id_pk" PRIMARY KEY("workspace_id","lead_id")
);
--> statement-breakpoint
ALTER TABLE "lead_funnel" ADD CONSTRAINT "lead_funnel_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_funnel" ADD CONSTRAINT "lead_funnel_workspace_id_lead_id_leads_workspace_id_id_fk" FOREIGN KEY ("workspace_id","lead_id") REFERENCES "public"."leads"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lead_funnel_workspace_created_idx" ON "lead_funnel" USING btree ("workspace_id","created_at");