import { Injectable } from '@nestjs/common';
import { ChangeFeed } from '../events/change-feed';
import type { ActionContext } from '../events/event-types';
import { Prisma } from '../generated/prisma/client';
import { UnitOfWork } from '../prisma/unit-of-work';

/** Push registrations come from the SDK (or a REST delete); Twilio fires no webhook for reachability. */
const CONTEXT: ActionContext = { source: 'SDK', webhooks: false };
/** Twilio: "a potentially valid Push Notification registration (APN or GCM)"; FCM is GCM's successor. */
const NOTIFIABLE_TYPES = ['apn', 'gcm', 'fcm'];

/**
 * A user's `notifiable` (reachability's second half) follows its push bindings: after bindings of an
 * identity changed, sets it to whether one exists, under the user's row lock (so concurrent changes
 * end as the last one left the bindings), and records a `user.reachability` change when it changed
 * and the service has reachability on.
 */
@Injectable()
export class PushReachability {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly feed: ChangeFeed,
  ) {}

  async reconcile(serviceSid: string, identity: string): Promise<void> {
    await this.uow.run(async (db) => {
      const [user] = await db.$queryRaw<{ sid: string; account_sid: string; notifiable: boolean; reachability_enabled: boolean }[]>`
        SELECT u.sid, u.account_sid, u.notifiable, s.reachability_enabled
          FROM users u JOIN services s ON s.sid = u.service_sid
         WHERE u.service_sid = ${serviceSid} AND u.identity = ${identity}
           FOR UPDATE OF u`;
      if (!user) return;
      const [{ notifiable }] = await db.$queryRaw<{ notifiable: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM push_bindings
                        WHERE service_sid = ${serviceSid} AND identity = ${identity}
                          AND binding_type IN (${Prisma.join(NOTIFIABLE_TYPES)})) AS notifiable`;
      if (notifiable === user.notifiable) return;
      await db.$executeRaw`UPDATE users SET notifiable = ${notifiable} WHERE sid = ${user.sid}`;
      if (!user.reachability_enabled) return;
      await this.feed.record(db, CONTEXT, {
        type: 'user.reachability',
        accountSid: user.account_sid,
        serviceSid,
        identity,
        subject: { kind: 'user', sid: user.sid, keys: ['reachability'] },
      });
    });
  }
}
