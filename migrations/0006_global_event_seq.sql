CREATE SEQUENCE "public"."event_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "workspaces" DROP COLUMN "event_seq";--> statement-breakpoint
-- Continue above every number handed out so far, so each workspace's events keep increasing.
SELECT setval('"public"."event_seq"', coalesce((SELECT max("seq") FROM "events"), 0) + 1, false);
