-- Status checks: a receipt the carrier accepted whose status callbacks never arrived (the router was
-- down through every post the carrier made) is asked of the carrier a few times, later each time.
-- status_checks counts the checks made since its last status change. The partial index holds only
-- receipts still waiting for a final status with checks left, ordered by their last change.
ALTER TABLE "delivery_receipts" ADD COLUMN "status_checks" SMALLINT NOT NULL DEFAULT 0;

CREATE INDEX "delivery_receipts_unsettled_idx" ON "delivery_receipts"("status_checks", "date_updated") WHERE channel_message_sid IS NOT NULL AND (status IS NULL OR status = 'sent') AND status_checks < 3;
