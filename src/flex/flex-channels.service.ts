import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { newSid, normalizeSid, SidPrefix } from '../common/sid';
import { ConversationsService } from '../conversations/conversations.service';
import type { ConversationRecord } from '../conversations/conversations.types';
import type { ActionContext } from '../events/event-types';
import { newParticipant } from '../participants/participant-rules';
import { ParticipantsService } from '../participants/participants.service';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { UsersService } from '../users/users.service';
import { CreateFlexChannelDto } from './flex-channels.dto';
import { FlexChannelsRepository } from './flex-channels.repository';
import { flexFlowPath } from './flex-flows.service';
import type { FlexChannelRecord, FlexFlowRecord } from './flex.types';

export const flexChannelPath = (sid?: string) => (sid === undefined ? '/v1/Channels' : `/v1/Channels/${sid}`);

/**
 * Flex chat channels: one request makes (or reuses) the customer's chat user, a private chat channel
 * (a conversation, same CH sid) and the customer's membership, in one transaction, through the domain
 * services that the Conversations and Chat APIs use.
 */
@Injectable()
export class FlexChannelsService {
  constructor(
    private readonly channels: FlexChannelsRepository,
    private readonly users: UsersService,
    private readonly conversations: ConversationsService,
    private readonly participants: ParticipantsService,
    private readonly uow: UnitOfWork,
  ) {}

  async create(accountSid: string, dto: CreateFlexChannelDto, ctx: ActionContext): Promise<FlexChannelRecord> {
    if (dto.taskSid !== undefined) {
      throw Errors.invalidParameter('TaskSid applies to Flex Flows of IntegrationType task, which need TaskRouter: this router has none');
    }
    if (dto.taskAttributes !== undefined && !isJson(dto.taskAttributes)) {
      throw Errors.invalidParameter('TaskAttributes must be a valid JSON string');
    }
    // Validates the identity as a chat participant's (not shaped like a US sid...), before anything is written.
    const member = newParticipant({ identity: dto.identity });
    const { channel, created } = await this.uow.run(async (db) => {
      const flow = await this.channels.flowForChannel(db, accountSid, dto.flexFlowSid);
      if (!flow) throw Errors.notFound(flexFlowPath(dto.flexFlowSid));
      const scope: ServiceScope = { accountSid, serviceSid: flow.chatServiceSid, scoped: true };
      const longLived = dto.longLived ?? flow.longLived;
      // The user's row lock serialises the requests of one identity: two cannot both miss the open channel.
      const user = await this.users.ensureLocked(db, scope, dto.identity, dto.chatUserFriendlyName, ctx);
      if (longLived) {
        const open = await this.channels.findOpen(db, flow.sid, dto.identity);
        if (open) return { channel: open, created: null };
      }
      const row = await this.conversations.prepareCreate(scope, {
        friendlyName: dto.chatFriendlyName,
        uniqueName: dto.chatUniqueName,
        attributes: channelAttributes(flow, dto, longLived),
        channelType: 'private',
      });
      const conversation = await this.conversations.insert(db, scope, row);
      const added = await this.participants.addAll(db, scope, conversation, [member], 'single');
      await this.conversations.recordAdded(db, ctx, conversation);
      await this.participants.recordAdded(db, ctx, added);
      const channel = await this.channels.insert(db, {
        sid: conversation.sid,
        accountSid,
        flexFlowSid: flow.sid,
        identity: dto.identity,
        userSid: user.sid,
        target: dto.target ?? null,
        longLived,
        webhookSid: newSid(SidPrefix.ConversationWebhook),
        dateCreated: conversation.dateCreated,
      });
      return { channel, created: conversation as ConversationRecord | null };
    });
    if (created) await this.conversations.scheduleTimers(created);
    return channel;
  }

  async fetch(accountSid: string, sid: string): Promise<FlexChannelRecord & { serviceSid: string }> {
    const channel = await this.channels.find(accountSid, normalizeSid(sid));
    if (!channel) throw Errors.notFound(flexChannelPath(sid));
    return channel;
  }

  async list(accountSid: string, page: PageRequest): Promise<PageSlice<FlexChannelRecord>> {
    return sliceRows(await this.channels.list(accountSid, page), page);
  }

  /**
   * A Flex chat channel is its chat channel (Twilio: "an implementation of the Chat Channel resource
   * orchestrated for Flex"): deleting it deletes the conversation, its members and messages, and the
   * Flex record goes with it (same transaction, by the foreign key).
   */
  async delete(accountSid: string, sid: string, ctx: ActionContext): Promise<void> {
    const channel = await this.fetch(accountSid, sid);
    await this.conversations.delete({ accountSid, serviceSid: channel.serviceSid, scoped: true }, channel.sid, ctx);
  }
}

/** The channel's attributes, as Flex writes them: status, long_lived, from, channel_type, pre_engagement_data. */
function channelAttributes(flow: FlexFlowRecord, dto: CreateFlexChannelDto, longLived: boolean): string {
  const attributes: Record<string, unknown> = {
    status: 'ACTIVE',
    long_lived: longLived,
    from: dto.chatUserFriendlyName,
    channel_type: flow.channelType,
  };
  if (dto.preEngagementData !== undefined) {
    attributes.pre_engagement_data = isJson(dto.preEngagementData) ? JSON.parse(dto.preEngagementData) : dto.preEngagementData;
  }
  return JSON.stringify(attributes);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
