-- Reachability's second half: a user is notifiable while it has a push registration (apn, gcm, fcm)
-- in its service. Kept on the user row so that changes take the user's lock and stream position.
ALTER TABLE "users" ADD COLUMN "notifiable" BOOLEAN NOT NULL DEFAULT false;
UPDATE "users" u SET "notifiable" = true
 WHERE EXISTS (SELECT 1 FROM "push_bindings" b
                WHERE b."service_sid" = u."service_sid" AND b."identity" = u."identity" AND b."binding_type" IN ('apn', 'gcm', 'fcm'));
