-- Realtime: every Sync item keeps its positions in its conversation's or its user's change stream
-- (the Sync event ids the SDK compares), removed items leave tombstones, users their reachability.

-- Stream positions
ALTER TABLE "conversations" ADD COLUMN "event_seq" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "participants"
  ADD COLUMN "created_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "event_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "user_created_seq" BIGINT,
  ADD COLUMN "user_event_seq" BIGINT;
ALTER TABLE "messages"
  ADD COLUMN "created_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "event_seq" BIGINT NOT NULL DEFAULT 0;
CREATE INDEX "messages_conversation_sid_event_seq_idx" ON "messages"("conversation_sid", "event_seq");
ALTER TABLE "users"
  ADD COLUMN "event_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "friendly_name_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "attributes_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "reachability_seq" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "online" BOOLEAN NOT NULL DEFAULT false;

-- Tombstones
CREATE TABLE "sync_tombstones" (
    "object_sid" VARCHAR(34) NOT NULL,
    "item_key" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "data" JSONB NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sync_tombstones_pkey" PRIMARY KEY ("object_sid","item_key")
);
CREATE INDEX "sync_tombstones_object_sid_seq_idx" ON "sync_tombstones"("object_sid", "seq");
