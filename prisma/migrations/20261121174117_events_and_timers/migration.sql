-- CreateTable
CREATE TABLE "webhook_events" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34),
    "event_type" TEXT NOT NULL,
    "only_webhook_sid" VARCHAR(34),
    "payload" JSONB NOT NULL,
    "dispatched_at" TIMESTAMPTZ(3),
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "webhook_events_pending_idx" ON "webhook_events"("date_created") WHERE (dispatched_at IS NULL);

-- CreateIndex
CREATE INDEX "webhook_events_dispatched_at_idx" ON "webhook_events"("dispatched_at");

-- CreateIndex
CREATE INDEX "conversations_inactive_due_idx" ON "conversations"("date_inactive") WHERE (state = 'active' AND date_inactive IS NOT NULL);

-- CreateIndex
CREATE INDEX "conversations_closed_due_idx" ON "conversations"("date_closed") WHERE (state <> 'closed' AND date_closed IS NOT NULL);

