-- Flex chat channels (src/flex): Flex Flows, and the Flex record of each chat channel a flow made.
-- A Flex channel is a conversation (same CH sid) and goes with it.

CREATE TABLE "flex_flows" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT NOT NULL,
    "chat_service_sid" VARCHAR(34) NOT NULL,
    "channel_type" TEXT NOT NULL,
    "contact_identity" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "integration_type" TEXT NOT NULL,
    "integration_url" TEXT,
    "integration_flow_sid" VARCHAR(34),
    "integration_retry_count" INTEGER,
    "integration_creation_on_message" BOOLEAN,
    "long_lived" BOOLEAN NOT NULL DEFAULT false,
    "janitor_enabled" BOOLEAN NOT NULL DEFAULT false,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flex_flows_pkey" PRIMARY KEY ("sid")
);

CREATE TABLE "flex_channels" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "flex_flow_sid" VARCHAR(34) NOT NULL,
    "identity" TEXT NOT NULL,
    "user_sid" VARCHAR(34) NOT NULL,
    "target" TEXT,
    "long_lived" BOOLEAN NOT NULL DEFAULT false,
    "webhook_sid" VARCHAR(34) NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flex_channels_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "flex_flows_account_sid_date_created_sid_idx" ON "flex_flows"("account_sid", "date_created", "sid");
CREATE INDEX "flex_flows_chat_service_sid_idx" ON "flex_flows"("chat_service_sid");
CREATE INDEX "flex_channels_account_sid_date_created_sid_idx" ON "flex_channels"("account_sid", "date_created", "sid");
CREATE INDEX "flex_channels_flex_flow_sid_identity_idx" ON "flex_channels"("flex_flow_sid", "identity");

ALTER TABLE "flex_flows" ADD CONSTRAINT "flex_flows_account_sid_fkey" FOREIGN KEY ("account_sid") REFERENCES "accounts"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flex_flows" ADD CONSTRAINT "flex_flows_chat_service_sid_fkey" FOREIGN KEY ("chat_service_sid") REFERENCES "services"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flex_channels" ADD CONSTRAINT "flex_channels_sid_fkey" FOREIGN KEY ("sid") REFERENCES "conversations"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "flex_channels" ADD CONSTRAINT "flex_channels_flex_flow_sid_fkey" FOREIGN KEY ("flex_flow_sid") REFERENCES "flex_flows"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
