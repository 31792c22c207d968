import { Injectable } from '@nestjs/common';
import type { Db } from '../prisma/unit-of-work';

/** The reachability columns of users (`online`), under the user's row lock. */
@Injectable()
export class PresenceRepository {
  /** Locks the user row; its `online` and whether its service has reachability on; null when the user is gone. */
  async lock(db: Db, userSid: string): Promise<{ online: boolean; reachabilityEnabled: boolean } | null> {
    const rows = await db.$queryRaw<{ online: boolean; reachability_enabled: boolean }[]>`
      SELECT u.online, s.reachability_enabled
        FROM users u JOIN services s ON s.sid = u.service_sid
       WHERE u.sid = ${userSid}
         FOR UPDATE OF u`;
    return rows.length ? { online: rows[0].online, reachabilityEnabled: rows[0].reachability_enabled } : null;
  }

  async setOnline(db: Db, userSid: string, online: boolean): Promise<void> {
    await db.$executeRaw`UPDATE users SET online = ${online} WHERE sid = ${userSid}`;
  }
}
