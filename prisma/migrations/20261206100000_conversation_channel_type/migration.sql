-- A third channel type, conversation, for conversations made through the Conversations API
-- (REST v1, the Conversations SDK, autocreation): Chat shows them as private channels, but who may
-- peek at and join them is the Conversations rule (joinConversation), while Chat private channels
-- (Chat v2 REST, the Chat SDK, Flex) are seen by their members, invitees and creator only.
-- New rows default to conversation: every Chat path names its type.
ALTER TABLE "conversations" ALTER COLUMN "channel_type" SET DEFAULT 'conversation';

-- Existing private rows did not record where they were made. Those that only Chat makes stay
-- private: Flex channels, and channels with an open invite (invites are Chat only). The others
-- keep the behaviour they had (Conversations rules for peeking and joining).
UPDATE "conversations" c SET "channel_type" = 'conversation'
 WHERE c."channel_type" = 'private'
   AND NOT EXISTS (SELECT 1 FROM "flex_channels" f WHERE f."sid" = c."sid")
   AND NOT EXISTS (SELECT 1 FROM "invites" i WHERE i."conversation_sid" = c."sid");
