CREATE SEQUENCE "public"."transition_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "transitions" ADD COLUMN "seq" bigint DEFAULT nextval('transition_seq') NOT NULL;--> statement-breakpoint
-- Rows written before number in their old order (time, then id); new ones continue above them.
UPDATE "transitions" AS t SET "seq" = o.n
FROM (SELECT "workspace_id", "id", row_number() OVER (ORDER BY "occurred_at", "id") AS n FROM "transitions") AS o
WHERE t."workspace_id" = o."workspace_id" AND t."id" = o."id";--> statement-breakpoint
SELECT setval('"public"."transition_seq"', coalesce((SELECT max("seq") FROM "transitions"), 0) + 1, false);
