-- API key types as on Twilio: standard keys (every existing key) cannot manage accounts or keys,
-- main keys can.
-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN "key_type" TEXT NOT NULL DEFAULT 'standard';
