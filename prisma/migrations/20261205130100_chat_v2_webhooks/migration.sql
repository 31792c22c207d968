-- Chat v2 event webhooks of a service, sent in the Programmable Chat format, apart from the
-- Conversations webhook settings. Filters hold Conversations event names.
ALTER TABLE "services" ADD COLUMN "chat_pre_webhook_url" TEXT,
ADD COLUMN "chat_post_webhook_url" TEXT,
ADD COLUMN "chat_webhook_method" TEXT NOT NULL DEFAULT 'POST',
ADD COLUMN "chat_webhook_filters" TEXT[] DEFAULT ARRAY[]::TEXT[];
