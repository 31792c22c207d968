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
  /** media | body | history (MCS `Category`). */
  category: string;
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

  findMany(accountSid: string, serviceSid: string, sids: string[]): Promise<MediaRecord[]> {
    return this.prisma.media.findMany({ where: { sid: { in: sids.map(normalizeSid) }, accountSid, serviceSid } });
  }

  /** The conversation of each message (messages that are gone are missing). */
  async conversationsOf(messageSids: string[]): Promise<Map<string, string>> {
    if (!messageSids.length) return new Map();
    const rows = await this.prisma.message.findMany({
      where: { sid: { in: messageSids } },
      select: { sid: true, conversationSid: true },
    });
    return new Map(rows.map((r) => [r.sid, r.conversationSid]));
  }

  /** Those of the conversations where the identity is a chat participant. */
  async joinedBy(serviceSid: string, identity: string, conversationSids: string[]): Promise<Set<string>> {
    if (!conversationSids.length) return new Set();
    const rows = await this.prisma.participant.findMany({
      where: { serviceSid, identity, conversationSid: { in: conversationSids } },
      select: { conversationSid: true },
    });
    return new Set(rows.map((r) => r.conversationSid));
  }

  /**
   * Unattached media (at most `limit`): uploads (REST or MCS: they have an author) from before
   * `before`, and inbound carrier media (no author: the inbound path attaches or discards them within
   * its request, so only a crash leaves one) from before `inboundBefore`.
   */
  unattachedBefore(before: Date, inboundBefore: Date, limit: number): Promise<{ sid: string }[]> {
    return this.prisma.media.findMany({
      where: {
        messageSid: null,
        dateCreated: { lt: before },
        OR: [{ author: { not: null } }, { dateCreated: { lt: inboundBefore } }],
      },
      orderBy: { dateCreated: 'asc' },
      take: limit,
      select: { sid: true },
    });
  }

  /**
   * The next `limit` attached media after `cursor` (by SID, the primary key's order): those whose
   * message is gone (deleted, or with its conversation or service), and the cursor to go on from
   * (null at the end).
   */
  async ofGoneMessages(cursor: string, limit: number): Promise<{ sids: string[]; next: string | null }> {
    const rows = await this.prisma.$queryRaw<{ sid: string; gone: boolean }[]>`
      SELECT b.sid, NOT EXISTS (SELECT 1 FROM messages m WHERE m.sid = b.message_sid) AS gone
        FROM (SELECT sid, message_sid FROM media WHERE sid > ${cursor} AND message_sid IS NOT NULL ORDER BY sid LIMIT ${limit}) b`;
    return {
      sids: rows.filter((r) => r.gone).map((r) => r.sid),
      next: rows.length < limit ? null : rows[rows.length - 1].sid,
    };
  }

  /** Deletes those of the media whose message is gone; returns their storage keys. */
  async deleteOfGoneMessages(sids: string[]): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ storage_key: string }[]>`
      DELETE FROM media
       WHERE sid = ANY(${sids}) AND message_sid IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.sid = media.message_sid)
      RETURNING storage_key`;
    return rows.map((r) => r.storage_key);
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

  /**
   * Deletes those of the media that no message took, in one statement (a message taking one at the
   * same time holds its row lock: the delete then sees it taken); returns their storage keys.
   */
  async deleteUnattached(sids: string[]): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ storage_key: string }[]>`
      DELETE FROM media WHERE sid = ANY(${sids}) AND message_sid IS NULL RETURNING storage_key`;
    return rows.map((r) => r.storage_key);
  }
}
