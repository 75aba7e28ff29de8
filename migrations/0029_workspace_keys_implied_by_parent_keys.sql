-- Rows whose key to their parent, (workspace_id, parent_id), implies the workspace keep only that key: the one to
-- workspaces was checked again for each row written (auto_explain, a chunk of 500 imported leads: 1.5-1.9 ms for
-- their funnel rows' key to workspaces, as much as for their key to leads). lead_scores dropped its key in 0024.
ALTER TABLE "activities" DROP CONSTRAINT "activities_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "lead_funnel" DROP CONSTRAINT "lead_funnel_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "opportunities" DROP CONSTRAINT "opportunities_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "prospects" DROP CONSTRAINT "prospects_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "stakeholders" DROP CONSTRAINT "stakeholders_workspace_id_workspaces_id_fk";
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_workspace_id_workspaces_id_fk";
