-- Channel webhooks made through Chat v2 send Chat's form, retried as their RetryCount says.
ALTER TABLE "conversation_webhooks" ADD COLUMN "format" TEXT NOT NULL DEFAULT 'conversations',
ADD COLUMN "retry_count" INTEGER;
