-- The change feed (src/events): the webhook outbox becomes a feed of every change, with the change's
-- positions in its conversation's and its user's streams.

-- webhook_events -> change_events
ALTER TABLE "webhook_events" RENAME TO "change_events";
ALTER TABLE "change_events" RENAME CONSTRAINT "webhook_events_pkey" TO "change_events_pkey";
DROP INDEX "webhook_events_pending_idx";
DROP INDEX "webhook_events_dispatched_at_idx";
ALTER TABLE "change_events"
  ADD COLUMN "id" BIGSERIAL NOT NULL,
  ADD COLUMN "type" TEXT,
  ADD COLUMN "conversation_seq" BIGINT,
  ADD COLUMN "identity" TEXT,
  ADD COLUMN "user_seq" BIGINT,
  ADD COLUMN "subject_sid" VARCHAR(34),
  ADD COLUMN "webhooks" BOOLEAN NOT NULL DEFAULT false,
  ALTER COLUMN "event_type" DROP NOT NULL,
  ALTER COLUMN "payload" DROP NOT NULL;
-- Rows written before the feed were webhook events waiting or sent.
UPDATE "change_events" SET "webhooks" = true, "type" = CASE "event_type"
    WHEN 'onConversationAdded' THEN 'conversation.added'
    WHEN 'onConversationUpdated' THEN 'conversation.updated'
    WHEN 'onConversationRemoved' THEN 'conversation.removed'
    WHEN 'onConversationStateUpdated' THEN 'conversation.state_updated'
    WHEN 'onParticipantAdded' THEN 'participant.added'
    WHEN 'onParticipantUpdated' THEN 'participant.updated'
    WHEN 'onParticipantRemoved' THEN 'participant.removed'
    WHEN 'onMessageAdded' THEN 'message.added'
    WHEN 'onMessageUpdated' THEN 'message.updated'
    WHEN 'onMessageRemoved' THEN 'message.removed'
    WHEN 'onDeliveryUpdated' THEN 'delivery.updated'
    WHEN 'onUserAdded' THEN 'user.added'
    WHEN 'onUserUpdated' THEN 'user.updated'
    ELSE 'legacy.' || "event_type" END;
ALTER TABLE "change_events" ALTER COLUMN "type" SET NOT NULL;
CREATE UNIQUE INDEX "change_events_id_key" ON "change_events"("id");
CREATE INDEX "change_events_pending_idx" ON "change_events"("date_created") WHERE webhooks AND dispatched_at IS NULL AND date_created IS NOT NULL;
CREATE INDEX "change_events_conversation_idx" ON "change_events"("conversation_sid", "conversation_seq") WHERE conversation_seq IS NOT NULL;
CREATE INDEX "change_events_user_idx" ON "change_events"("service_sid", "identity", "user_seq") WHERE user_seq IS NOT NULL;
CREATE INDEX "change_events_date_created_idx" ON "change_events"("date_created");

