import { Injectable } from '@nestjs/common';
import { conversationWhere } from '../conversations/conversations.repository';
import { PARTICIPANT_FIELDS } from '../participants/participants.repository';
import type { ParticipantRecord } from '../participants/participants.types';
import { PrismaService } from '../prisma/prisma.service';
import type { ServiceScope } from '../services/services.types';

/** A chat user's own participant, with its notification level. */
export type OwnParticipant = ParticipantRecord & { notificationLevel: string };

/** The few reads the AIM API needs that no domain service offers: counts, and a chat user's own participant. */
@Injectable()
export class ChatApiRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The chat participant of an identity in a conversation (CH SID or unique name) of the scope. */
  participantOf(scope: ServiceScope, conversationId: string, identity: string): Promise<OwnParticipant | null> {
    return this.prisma.participant.findFirst({
      where: { identity, conversation: { is: conversationWhere(scope.accountSid, scope.serviceSid, conversationId) } },
      select: { ...PARTICIPANT_FIELDS, notificationLevel: true },
    });
  }

  async counts(conversationSid: string): Promise<{ participants: number; messages: number }> {
    const [participants, messages] = await Promise.all([
      this.prisma.participant.count({ where: { conversationSid } }),
      this.prisma.message.count({ where: { conversationSid } }),
    ]);
    return { participants, messages };
  }

  /** The participant and message counts of several conversations, in two grouped reads. */
  async countsOf(conversationSids: string[]): Promise<Map<string, { participants: number; messages: number }>> {
    const where = { conversationSid: { in: conversationSids } };
    const [participants, messages] = await Promise.all([
      this.prisma.participant.groupBy({ by: ['conversationSid'], where, _count: { _all: true } }),
      this.prisma.message.groupBy({ by: ['conversationSid'], where, _count: { _all: true } }),
    ]);
    const counts = new Map(conversationSids.map((sid) => [sid, { participants: 0, messages: 0 }]));
    for (const p of participants) counts.get(p.conversationSid)!.participants = p._count._all;
    for (const m of messages) counts.get(m.conversationSid)!.messages = m._count._all;
    return counts;
  }

  /** Which of these conversations the identity is a chat participant of. */
  async joinedAmong(conversationSids: string[], identity: string): Promise<Set<string>> {
    if (!conversationSids.length) return new Set();
    const rows = await this.prisma.participant.findMany({
      where: { conversationSid: { in: conversationSids }, identity },
      select: { conversationSid: true },
    });
    return new Set(rows.map((r) => r.conversationSid));
  }

  /** The identities of a conversation's chat participants (at most 1,000 by Twilio's limit). */
  async chatIdentities(accountSid: string, serviceSid: string, conversationSid: string): Promise<string[]> {
    const rows = await this.prisma.participant.findMany({
      where: { accountSid, serviceSid, conversationSid, identity: { not: null } },
      select: { identity: true },
    });
    return rows.map((r) => r.identity!);
  }
}
