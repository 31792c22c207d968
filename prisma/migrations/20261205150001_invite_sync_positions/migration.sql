-- An invite is an item of its user's channel list (the Chat SDK's status invited), numbered like a
-- chat participant's item by the user's stream: where it stood when the invite was made and when it last changed.
ALTER TABLE "invites" ADD COLUMN "user_created_seq" BIGINT,
ADD COLUMN "user_event_seq" BIGINT;
