-- An invite is an item of the channel list of the invited user (the Chat SDK status invited), numbered like a
-- chat participation by the stream of that user: where it stood when the invite was made and when it last changed.
ALTER TABLE "invites" ADD COLUMN "user_created_seq" BIGINT,
ADD COLUMN "user_event_seq" BIGINT;
