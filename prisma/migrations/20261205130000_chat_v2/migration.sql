-- Chat v2 (Programmable Chat) over the Conversations tables.
-- A conversation is a Chat channel: public channels are listed to every user of the service,
-- private ones (and every conversation made through Conversations) only to their members.
ALTER TABLE "conversations" ADD COLUMN "channel_type" TEXT NOT NULL DEFAULT 'private';
CREATE INDEX "conversations_public_idx" ON "conversations"("service_sid", "date_created", "sid") WHERE (channel_type = 'public');

-- Chat v2 service settings
ALTER TABLE "services" ADD COLUMN "read_status_enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "typing_indicator_timeout" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN "consumption_report_interval" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN "pre_webhook_retry_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "post_webhook_retry_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "limits_channel_members" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN "limits_user_channels" INTEGER NOT NULL DEFAULT 250,
ADD COLUMN "media_compatibility_message" TEXT;

-- Invites to channels (IN), one per channel and identity, gone with the channel
CREATE TABLE "invites" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "identity" TEXT NOT NULL,
    "role_sid" VARCHAR(34),
    "created_by" TEXT,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("sid")
);

CREATE UNIQUE INDEX "invites_conversation_sid_identity_key" ON "invites"("conversation_sid", "identity");
CREATE INDEX "invites_conversation_sid_date_created_sid_idx" ON "invites"("conversation_sid", "date_created", "sid");
CREATE INDEX "invites_service_sid_identity_idx" ON "invites"("service_sid", "identity");

ALTER TABLE "invites" ADD CONSTRAINT "invites_conversation_sid_fkey" FOREIGN KEY ("conversation_sid") REFERENCES "conversations"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
