-- Flex: an enabled flow owns its contact identity for its channel type (the inbound routing of that
-- number or address), so two enabled flows of one account may not share both. Disabled flows (outbound
-- ones) and flows without a contact identity are not concerned. A partial unique index makes two
-- concurrent creates or updates race safely: the second one fails instead of both passing a check.

-- Flows made before the rule: the oldest enabled flow of each identity and channel type keeps it,
-- later ones are disabled (Twilio would have refused them).
UPDATE "flex_flows" f SET "enabled" = false, "date_updated" = CURRENT_TIMESTAMP
WHERE f."enabled" AND f."contact_identity" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "flex_flows" o
    WHERE o."account_sid" = f."account_sid" AND o."channel_type" = f."channel_type" AND o."contact_identity" = f."contact_identity"
      AND o."enabled" AND (o."date_created", o."sid") < (f."date_created", f."sid")
);

CREATE UNIQUE INDEX "flex_flows_enabled_contact_key" ON "flex_flows"("account_sid", "channel_type", "contact_identity") WHERE enabled AND contact_identity IS NOT NULL;
