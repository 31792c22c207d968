-- Media of the SDK's media service (MCS): the category it was uploaded for (media, body, history).
ALTER TABLE "media" ADD COLUMN "category" TEXT NOT NULL DEFAULT 'media';

-- Uploads no message took, oldest first: the orphan sweep (MEDIA_ORPHAN_TTL).
CREATE INDEX "media_unattached_idx" ON "media"("date_created") WHERE (message_sid IS NULL);
