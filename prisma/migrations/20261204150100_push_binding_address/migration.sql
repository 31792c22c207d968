-- Push bindings registered by the SDKs through ERS keep the device token (FCM registration id, APNs
-- device token) they deliver to: the SDK removes a registration by (binding_type, address).
ALTER TABLE "push_bindings" ADD COLUMN "address" TEXT;
CREATE INDEX "push_bindings_service_sid_binding_type_address_idx" ON "push_bindings"("service_sid", "binding_type", "address");
