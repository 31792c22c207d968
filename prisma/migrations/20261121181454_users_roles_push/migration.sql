-- UserConversation notification level, kept on the participant with its read horizon.
ALTER TABLE "participants" ADD COLUMN     "notification_level" TEXT NOT NULL DEFAULT 'default';

-- CreateIndex
CREATE INDEX "push_bindings_service_sid_identity_idx" ON "push_bindings"("service_sid", "identity");

-- Users, roles and push bindings go with their service. Rows left behind by services deleted
-- before these keys existed are removed first, so that the keys can be added.
DELETE FROM "users" WHERE "service_sid" NOT IN (SELECT "sid" FROM "services");
DELETE FROM "roles" WHERE "service_sid" NOT IN (SELECT "sid" FROM "services");
DELETE FROM "push_bindings" WHERE "service_sid" NOT IN (SELECT "sid" FROM "services");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_service_sid_fkey" FOREIGN KEY ("service_sid") REFERENCES "services"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "roles" ADD CONSTRAINT "roles_service_sid_fkey" FOREIGN KEY ("service_sid") REFERENCES "services"("sid") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "push_bindings" ADD CONSTRAINT "push_bindings_service_sid_fkey" FOREIGN KEY ("service_sid") REFERENCES "services"("sid") ON DELETE CASCADE ON UPDATE CASCADE;
