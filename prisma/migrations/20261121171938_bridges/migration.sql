/*
  Warnings:

  - You are about to drop the column `enqueued_at` on the `delivery_receipts` table. All the data in the column will be lost.
  - A unique constraint covering the columns `[address]` on the table `address_configurations` will be added. If there are existing duplicate values, this will fail.

*/
-- DropIndex
DROP INDEX "address_configurations_account_sid_address_key";

-- DropIndex
DROP INDEX "delivery_receipts_address_proxy_address_date_created_idx";

-- DropIndex
DROP INDEX "delivery_receipts_enqueued_at_date_created_idx";

-- AlterTable
ALTER TABLE "delivery_receipts" DROP COLUMN "enqueued_at",
ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateTable
CREATE TABLE "proxy_addresses" (
    "address" TEXT NOT NULL,
    "account_sid" VARCHAR(34) NOT NULL,
    "channel_provider" TEXT,
    "send_rate_per_second" INTEGER,
    "date_created" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "date_updated" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_addresses_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "proxy_addresses_account_sid_date_created_address_idx" ON "proxy_addresses"("account_sid", "date_created", "address");

-- CreateIndex
CREATE UNIQUE INDEX "address_configurations_address_key" ON "address_configurations"("address");

-- CreateIndex
CREATE INDEX "delivery_receipts_unsent_lane_idx" ON "delivery_receipts"("address", "proxy_address", "seq") WHERE (status IS NULL AND channel_message_sid IS NULL);

-- CreateIndex
CREATE INDEX "delivery_receipts_unsent_age_idx" ON "delivery_receipts"("date_created") WHERE (status IS NULL AND channel_message_sid IS NULL);

-- CreateIndex
CREATE INDEX "messaging_bindings_address_proxy_address_idx" ON "messaging_bindings"("address", "proxy_address");
