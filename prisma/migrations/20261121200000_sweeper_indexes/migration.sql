-- The sweepers' partial indexes get a predicate that lane and SID lookups do not imply, so that the
-- planner cannot pick them for lookups by SID or lane (under a backlog it walked every unsent
-- receipt per send).
DROP INDEX "delivery_receipts_unsent_age_idx";

-- CreateIndex
CREATE INDEX "delivery_receipts_unsent_age_idx" ON "delivery_receipts"("date_created") WHERE status IS NULL AND channel_message_sid IS NULL AND date_created IS NOT NULL;

-- The same for the event outbox: marking one event dispatched must not walk the pending ones.
DROP INDEX "webhook_events_pending_idx";

-- CreateIndex
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events"("date_created") WHERE dispatched_at IS NULL AND date_created IS NOT NULL;
