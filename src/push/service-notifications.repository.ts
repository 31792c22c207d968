import { Injectable } from '@nestjs/common';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { Db } from '../prisma/unit-of-work';

/** services.notifications: the push templates of a service, as JSON in Twilio's shape. */
@Injectable()
export class ServiceNotificationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The stored JSON (null when never set), or undefined when the service is not the account's. */
  async find(accountSid: string, serviceSid: string, db: Db = this.prisma): Promise<{ notifications: unknown } | undefined> {
    const row = await db.service.findFirst({ where: { sid: serviceSid, accountSid }, select: { notifications: true } });
    return row ? { notifications: row.notifications } : undefined;
  }

  /** Locks the service row and returns its stored JSON, as `find`. */
  async findForUpdate(db: Db, accountSid: string, serviceSid: string): Promise<{ notifications: unknown } | undefined> {
    const rows = await db.$queryRaw<
      { sid: string }[]
    >`SELECT sid FROM services WHERE sid = ${serviceSid} AND account_sid = ${accountSid} FOR UPDATE`;
    return rows.length ? this.find(accountSid, serviceSid, db) : undefined;
  }

  async save(db: Db, serviceSid: string, notifications: object): Promise<void> {
    await db.service.update({
      where: { sid: serviceSid },
      data: { notifications: notifications as Prisma.InputJsonObject, dateUpdated: new Date() },
    });
  }
}
