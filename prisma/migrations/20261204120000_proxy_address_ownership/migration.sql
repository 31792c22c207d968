-- A proxy address belongs to one account (proxy_addresses.account_sid): inbound routing, bindings,
-- Address Configurations and sends all follow that owner. Before this migration a number could be
-- used by several accounts. Every number in use gets one owner, chosen deterministically:
--   1. the account with its Address Configuration (it asked for inbound messages to the number),
--   2. else the account with router settings for it (proxy_addresses),
--   3. else the account whose oldest conversation holds a binding on it (who received its inbound
--      messages until now: "the oldest binding wins"),
--   4. else the account of its oldest participant (closed conversations, Group MMS projected addresses),
-- ties by account SID. Every other account that used the number is reported in
-- proxy_address_conflicts (the router logs their count at start). Their bindings stay stored but
-- no longer route nor send.
-- (No semicolon may appear inside a statement or a comment here: the migration runner splits the
-- script on them.)

BEGIN;

-- CreateTable
CREATE TABLE "proxy_address_conflicts" (
    "address" TEXT NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "owner_account_sid" VARCHAR(34) NOT NULL,
    "open_bindings" INTEGER NOT NULL,
    "participants" INTEGER NOT NULL,
    "had_address_configuration" BOOLEAN NOT NULL,
    "had_settings" BOOLEAN NOT NULL,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_address_conflicts_pkey" PRIMARY KEY ("address","account_sid")
);

CREATE TEMPORARY TABLE proxy_address_uses AS
  SELECT address, account_sid, 1 AS priority, date_created AS since, 0 AS open_binding, 0 AS participant FROM address_configurations
  UNION ALL
  SELECT address, account_sid, 2, date_created, 0, 0 FROM proxy_addresses
  UNION ALL
  SELECT b.proxy_address, b.account_sid, 3, c.date_created, 1, 0
    FROM messaging_bindings b JOIN conversations c ON c.sid = b.conversation_sid
  UNION ALL
  SELECT proxy_address, account_sid, 4, date_created, 0, 1 FROM participants WHERE proxy_address IS NOT NULL
  UNION ALL
  SELECT projected_address, account_sid, 4, date_created, 0, 1 FROM participants WHERE projected_address IS NOT NULL;

CREATE TEMPORARY TABLE proxy_address_owners AS
  SELECT DISTINCT ON (address) address, account_sid
    FROM proxy_address_uses
   ORDER BY address, priority, since, account_sid;

INSERT INTO "proxy_address_conflicts" ("address", "account_sid", "owner_account_sid", "open_bindings", "participants",
                                       "had_address_configuration", "had_settings")
SELECT u.address, u.account_sid, o.account_sid, sum(u.open_binding), sum(u.participant), bool_or(u.priority = 1), bool_or(u.priority = 2)
  FROM proxy_address_uses u JOIN proxy_address_owners o ON o.address = u.address
 WHERE u.account_sid <> o.account_sid
 GROUP BY u.address, u.account_sid, o.account_sid;

-- The owner's row: settings kept (they describe the number's carrier and rate), the owner set.
INSERT INTO "proxy_addresses" ("address", "account_sid", "date_created", "date_updated")
SELECT address, account_sid, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM proxy_address_owners
ON CONFLICT ("address") DO UPDATE SET "account_sid" = EXCLUDED."account_sid", "date_updated" = CURRENT_TIMESTAMP
 WHERE "proxy_addresses"."account_sid" <> EXCLUDED."account_sid";

-- No Address Configuration of a non-owner remains: a configuration decided its number's owner.

DROP TABLE proxy_address_owners;

DROP TABLE proxy_address_uses;

COMMIT;
