-- CreateTable
CREATE TABLE "pending_status_callbacks" (
    "id" BIGSERIAL NOT NULL,
    "channel_message_sid" VARCHAR(64) NOT NULL,
    "status" TEXT NOT NULL,
    "error_code" INTEGER,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_status_callbacks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "pending_status_callbacks_channel_message_sid_idx" ON "pending_status_callbacks"("channel_message_sid");

-- CreateIndex
CREATE INDEX "pending_status_callbacks_date_created_idx" ON "pending_status_callbacks"("date_created");

-- Receipt statuses only move forward: null -> sent -> delivered/undelivered/failed -> read.
CREATE OR REPLACE FUNCTION receipt_status_rank(status TEXT) RETURNS INTEGER
  LANGUAGE SQL IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE status
    WHEN 'sent' THEN 1
    WHEN 'delivered' THEN 2
    WHEN 'undelivered' THEN 2
    WHEN 'failed' THEN 2
    WHEN 'read' THEN 3
    ELSE 0
  END
$$;
