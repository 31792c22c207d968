-- CreateTable
CREATE TABLE "accounts" (
    "sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT NOT NULL,
    "auth_token" TEXT NOT NULL,
    "owner_account_sid" VARCHAR(34),
    "status" TEXT NOT NULL DEFAULT 'active',
    "type" TEXT NOT NULL DEFAULT 'Full',
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "account_configurations" (
    "account_sid" VARCHAR(34) NOT NULL,
    "default_chat_service_sid" VARCHAR(34) NOT NULL,
    "default_messaging_service_sid" VARCHAR(34),
    "default_inactive_timer" TEXT,
    "default_closed_timer" TEXT,
    "webhook_method" TEXT NOT NULL DEFAULT 'POST',
    "webhook_filters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "pre_webhook_url" TEXT,
    "post_webhook_url" TEXT,
    "webhook_target" TEXT NOT NULL DEFAULT 'webhook',
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_configurations_pkey" PRIMARY KEY ("account_sid")
);

-- CreateTable
CREATE TABLE "services" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT NOT NULL,
    "default_conversation_creator_role_sid" VARCHAR(34),
    "default_conversation_role_sid" VARCHAR(34),
    "default_chat_service_role_sid" VARCHAR(34),
    "reachability_enabled" BOOLEAN NOT NULL DEFAULT false,
    "webhook_method" TEXT NOT NULL DEFAULT 'POST',
    "webhook_filters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "pre_webhook_url" TEXT,
    "post_webhook_url" TEXT,
    "notifications" JSONB,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "services_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "conversations" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "messaging_service_sid" VARCHAR(34),
    "friendly_name" TEXT,
    "unique_name" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'active',
    "timer_inactive" TEXT,
    "timer_closed" TEXT,
    "date_inactive" TIMESTAMPTZ(3),
    "date_closed" TIMESTAMPTZ(3),
    "bindings" JSONB,
    "created_by" TEXT,
    "last_message_index" INTEGER NOT NULL DEFAULT -1,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "participants" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "identity" TEXT,
    "user_sid" VARCHAR(34),
    "role_sid" VARCHAR(34),
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "binding_type" TEXT,
    "address" TEXT,
    "proxy_address" TEXT,
    "projected_address" TEXT,
    "last_read_message_index" INTEGER,
    "last_read_timestamp" TIMESTAMPTZ(3),
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "messaging_bindings" (
    "account_sid" VARCHAR(34) NOT NULL,
    "address" TEXT NOT NULL,
    "proxy_address" TEXT NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "participant_sid" VARCHAR(34) NOT NULL,

    CONSTRAINT "messaging_bindings_pkey" PRIMARY KEY ("account_sid","address","proxy_address")
);

-- CreateTable
CREATE TABLE "messages" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "index" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "participant_sid" VARCHAR(34),
    "media" JSONB,
    "content_sid" VARCHAR(34),
    "subject" TEXT,
    "source" TEXT NOT NULL DEFAULT 'API',
    "external_sid" VARCHAR(64),
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "delivery_receipts" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "message_sid" VARCHAR(34) NOT NULL,
    "participant_sid" VARCHAR(34) NOT NULL,
    "address" TEXT NOT NULL,
    "proxy_address" TEXT NOT NULL,
    "channel_message_sid" VARCHAR(64),
    "status" TEXT,
    "error_code" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "enqueued_at" TIMESTAMPTZ(3),
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_receipts_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "users" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "identity" TEXT NOT NULL,
    "friendly_name" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "role_sid" VARCHAR(34),
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "roles" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "permissions" TEXT[],
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "roles_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "conversation_webhooks" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "conversation_sid" VARCHAR(34) NOT NULL,
    "target" TEXT NOT NULL,
    "url" TEXT,
    "method" TEXT,
    "filters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "triggers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "flow_sid" VARCHAR(34),
    "replay_after" INTEGER,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_webhooks_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "address_configurations" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "type" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "friendly_name" TEXT,
    "address_country" TEXT,
    "auto_creation_enabled" BOOLEAN NOT NULL DEFAULT false,
    "auto_creation_type" TEXT,
    "auto_creation_service_sid" VARCHAR(34),
    "webhook_url" TEXT,
    "webhook_method" TEXT,
    "webhook_filters" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "studio_flow_sid" VARCHAR(34),
    "studio_retry_count" INTEGER,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "address_configurations_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "media" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "message_sid" VARCHAR(34),
    "content_type" TEXT NOT NULL,
    "filename" TEXT,
    "size" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "author" TEXT,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "credentials" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "friendly_name" TEXT,
    "type" TEXT NOT NULL,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "secrets" JSONB NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credentials_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "push_bindings" (
    "sid" VARCHAR(34) NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "service_sid" VARCHAR(34) NOT NULL,
    "credential_sid" VARCHAR(34),
    "endpoint" TEXT NOT NULL,
    "identity" TEXT NOT NULL,
    "binding_type" TEXT NOT NULL,
    "message_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "push_bindings_pkey" PRIMARY KEY ("sid")
);

-- CreateIndex
CREATE INDEX "accounts_owner_account_sid_date_created_sid_idx" ON "accounts"("owner_account_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "api_keys_account_sid_date_created_sid_idx" ON "api_keys"("account_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "services_account_sid_date_created_sid_idx" ON "services"("account_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "conversations_service_sid_date_created_sid_idx" ON "conversations"("service_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "conversations_account_sid_idx" ON "conversations"("account_sid");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_service_sid_unique_name_key" ON "conversations"("service_sid", "unique_name");

-- CreateIndex
CREATE INDEX "participants_conversation_sid_date_created_sid_idx" ON "participants"("conversation_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "participants_service_sid_identity_idx" ON "participants"("service_sid", "identity");

-- CreateIndex
CREATE INDEX "participants_account_sid_address_idx" ON "participants"("account_sid", "address");

-- CreateIndex
CREATE UNIQUE INDEX "participants_conversation_sid_identity_key" ON "participants"("conversation_sid", "identity");

-- CreateIndex
CREATE UNIQUE INDEX "messaging_bindings_participant_sid_key" ON "messaging_bindings"("participant_sid");

-- CreateIndex
CREATE INDEX "messaging_bindings_conversation_sid_idx" ON "messaging_bindings"("conversation_sid");

-- CreateIndex
CREATE UNIQUE INDEX "messages_conversation_sid_index_key" ON "messages"("conversation_sid", "index");

-- CreateIndex
CREATE UNIQUE INDEX "messages_account_sid_external_sid_key" ON "messages"("account_sid", "external_sid");

-- CreateIndex
CREATE INDEX "delivery_receipts_message_sid_date_created_sid_idx" ON "delivery_receipts"("message_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "delivery_receipts_channel_message_sid_idx" ON "delivery_receipts"("channel_message_sid");

-- CreateIndex
CREATE INDEX "delivery_receipts_enqueued_at_date_created_idx" ON "delivery_receipts"("enqueued_at", "date_created");

-- CreateIndex
CREATE INDEX "delivery_receipts_address_proxy_address_date_created_idx" ON "delivery_receipts"("address", "proxy_address", "date_created");

-- CreateIndex
CREATE INDEX "users_service_sid_date_created_sid_idx" ON "users"("service_sid", "date_created", "sid");

-- CreateIndex
CREATE UNIQUE INDEX "users_service_sid_identity_key" ON "users"("service_sid", "identity");

-- CreateIndex
CREATE INDEX "roles_service_sid_date_created_sid_idx" ON "roles"("service_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "conversation_webhooks_conversation_sid_date_created_sid_idx" ON "conversation_webhooks"("conversation_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "address_configurations_account_sid_date_created_sid_idx" ON "address_configurations"("account_sid", "date_created", "sid");

-- CreateIndex
CREATE UNIQUE INDEX "address_configurations_account_sid_address_key" ON "address_configurations"("account_sid", "address");

-- CreateIndex
CREATE INDEX "media_service_sid_date_created_sid_idx" ON "media"("service_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "media_message_sid_idx" ON "media"("message_sid");

-- CreateIndex
CREATE INDEX "credentials_account_sid_date_created_sid_idx" ON "credentials"("account_sid", "date_created", "sid");

-- CreateIndex
CREATE INDEX "push_bindings_service_sid_date_created_sid_idx" ON "push_bindings"("service_sid", "date_created", "sid");

-- CreateIndex
CREATE UNIQUE INDEX "push_bindings_service_sid_endpoint_binding_type_key" ON "push_bindings"("service_sid", "endpoint", "binding_type");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_owner_account_sid_fkey" FOREIGN KEY ("owner_account_sid") REFERENCES "accounts"("sid") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_sid_fkey" FOREIGN KEY ("account_sid") REFERENCES "accounts"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_configurations" ADD CONSTRAINT "account_configurations_account_sid_fkey" FOREIGN KEY ("account_sid") REFERENCES "accounts"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_account_sid_fkey" FOREIGN KEY ("account_sid") REFERENCES "accounts"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_service_sid_fkey" FOREIGN KEY ("service_sid") REFERENCES "services"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_conversation_sid_fkey" FOREIGN KEY ("conversation_sid") REFERENCES "conversations"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messaging_bindings" ADD CONSTRAINT "messaging_bindings_participant_sid_fkey" FOREIGN KEY ("participant_sid") REFERENCES "participants"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_sid_fkey" FOREIGN KEY ("conversation_sid") REFERENCES "conversations"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_receipts" ADD CONSTRAINT "delivery_receipts_message_sid_fkey" FOREIGN KEY ("message_sid") REFERENCES "messages"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
