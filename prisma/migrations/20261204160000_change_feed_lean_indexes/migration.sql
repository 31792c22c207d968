-- The change feed costs one cheap index per change on the hot paths (docs/change-feed.md, BENCHMARKS.md):
-- the key is the appended id, sid is unique and looked up only among the rows a webhook wants,
-- the realtime readers need no index by stream (they read the stream positions stamped on the rows),
-- the retention sweep reads a date range through a BRIN index.
DROP INDEX "change_events_conversation_idx";
DROP INDEX "change_events_user_idx";
DROP INDEX "change_events_date_created_idx";
ALTER TABLE "change_events" DROP CONSTRAINT "change_events_pkey";
DROP INDEX "change_events_id_key";
ALTER TABLE "change_events" ADD CONSTRAINT "change_events_pkey" PRIMARY KEY ("id");
CREATE UNIQUE INDEX "change_events_webhook_sid_key" ON "change_events"("sid") WHERE webhooks;
CREATE INDEX "change_events_date_created_idx" ON "change_events" USING BRIN ("date_created");
