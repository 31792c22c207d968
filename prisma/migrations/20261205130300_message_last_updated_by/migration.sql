-- Chat v2 messages show who last edited them (LastUpdatedBy on UpdateMessage).
ALTER TABLE "messages" ADD COLUMN "last_updated_by" TEXT;
