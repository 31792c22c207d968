import { Injectable } from '@nestjs/common';
import { normalizeSid } from '../common/sid';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';

export interface MediaRecord {
  sid: string;
  accountSid: string;
  serviceSid: string;
  messageSid: string | null;
  contentType: string;
  filename: string | null;
  size: number;
  storageKey: string;
  author: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

@Injectable()
export class MediaRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(media: Omit<MediaRecord, 'dateCreated' | 'dateUpdated' | 'messageSid'>): Promise<MediaRecord> {
    return this.prisma.media.create({ data: media });
  }

  find(accountSid: string, serviceSid: string, sid: string): Promise<MediaRecord | null> {
    return this.prisma.media.findFirst({ where: { sid: normalizeSid(sid), accountSid, serviceSid } });
  }

  findBySid(sid: string): Promise<MediaRecord | null> {
    return this.prisma.media.findUnique({ where: { sid: normalizeSid(sid) } });
  }

  /** Locks the media of a new message so two messages cannot take the same upload. */
  async lockForMessage(db: Db, serviceSid: string, sids: string[]): Promise<MediaRecord[]> {
    const rows = await db.$queryRaw<
      { sid: string }[]
    >`SELECT sid FROM media WHERE service_sid = ${serviceSid} AND sid = ANY(${sids}) FOR UPDATE`;
    return db.media.findMany({ where: { sid: { in: rows.map((r) => r.sid) } } });
  }

  async attach(db: Db | null, sids: string[], messageSid: string): Promise<void> {
    await (db ?? this.prisma).media.updateMany({ where: { sid: { in: sids } }, data: { messageSid, dateUpdated: new Date() } });
  }

  async delete(sid: string): Promise<void> {
    await this.prisma.media.delete({ where: { sid } });
  }

  /** Deletes those of the media that no message took; returns their storage keys. */
  async deleteUnattached(sids: string[]): Promise<string[]> {
    const rows = await this.prisma.media.findMany({
      where: { sid: { in: sids }, messageSid: null },
      select: { sid: true, storageKey: true },
    });
    await this.prisma.media.deleteMany({ where: { sid: { in: rows.map((r) => r.sid) }, messageSid: null } });
    return rows.map((r) => r.storageKey);
  }
}
