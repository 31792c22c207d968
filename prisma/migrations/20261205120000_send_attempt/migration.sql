-- When the open send attempt of a receipt started: set before the request leaves for the carrier,
-- cleared when the carrier answers with a refusal. A receipt taken over with an attempt open and
-- no carrier SID asks the carrier for that message before sending again.
ALTER TABLE "delivery_receipts" ADD COLUMN "send_started_at" TIMESTAMPTZ(3);
