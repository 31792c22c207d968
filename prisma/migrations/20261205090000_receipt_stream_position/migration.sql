-- A receipt status change takes its position in the conversation stream on the receipt row
-- instead of rewriting the message row (docs/chat-sync.md, BENCHMARKS.md).
ALTER TABLE "delivery_receipts" ADD COLUMN "event_seq" BIGINT NOT NULL DEFAULT 0;
CREATE INDEX "delivery_receipts_stream_idx" ON "delivery_receipts"("conversation_sid", "event_seq") WHERE event_seq > 0;
