-- Service limits default to Twilio's 1000 members per conversation and conversations per user,
-- the limits Conversations enforces. Services still at the earlier defaults take the new ones.
ALTER TABLE "services" ALTER COLUMN "limits_channel_members" SET DEFAULT 1000,
ALTER COLUMN "limits_user_channels" SET DEFAULT 1000;
UPDATE "services" SET "limits_channel_members" = 1000 WHERE "limits_channel_members" = 100;
UPDATE "services" SET "limits_user_channels" = 1000 WHERE "limits_user_channels" = 250;
