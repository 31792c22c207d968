import { Injectable, Logger } from '@nestjs/common';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ChangeFeed } from '../events/change-feed';
import type { ActionContext } from '../events/event-types';
import { stateEventFields } from './conversation-events';
import { ConversationsRepository } from './conversations.repository';
import { nextTimer } from './timers.queue';

/** Timer transitions always fire webhooks; their Reason is TIMER. */
const TIMER: ActionContext = { source: 'API', webhooks: true };

/**
 * Moves a conversation along its timers: active -> inactive at date_inactive, then -> closed at
 * date_closed (closing frees its bindings). A new message moves the dates later; the job then
 * only tells when to look again.
 */
@Injectable()
export class ConversationTimersService {
  private readonly logger = new Logger(ConversationTimersService.name);

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly feed: ChangeFeed,
    private readonly uow: UnitOfWork,
  ) {}

  /** Applies what is due now; returns when to look again (null: nothing left). */
  async run(conversationSid: string, now = new Date()): Promise<Date | null> {
    return this.uow.run(async (db) => {
      const current = await this.conversations.lockBySid(db, conversationSid);
      if (!current || current.state === 'closed') return null;
      let conversation = current;
      const target = { accountSid: current.accountSid, serviceSid: current.serviceSid, conversationSid: current.sid };
      if (conversation.state === 'active' && conversation.dateInactive && conversation.dateInactive <= now) {
        conversation = await this.conversations.update(db, current.sid, { state: 'inactive', dateInactive: null, dateUpdated: now });
        await this.feed.record(db, TIMER, {
          type: 'conversation.state_updated',
          ...target,
          fields: stateEventFields(conversation, 'active', 'TIMER'),
        });
      }
      if (conversation.dateClosed && conversation.dateClosed <= now) {
        const from = conversation.state;
        conversation = await this.conversations.update(db, current.sid, {
          state: 'closed',
          dateInactive: null,
          dateClosed: null,
          dateUpdated: now,
        });
        await this.conversations.releaseBindings(db, current.sid);
        await this.feed.record(db, TIMER, {
          type: 'conversation.state_updated',
          ...target,
          fields: stateEventFields(conversation, from, 'TIMER'),
        });
      }
      if (conversation.state !== current.state) {
        this.logger.log({ conversationSid, from: current.state, to: conversation.state }, 'conversation timer fired');
      }
      return nextTimer(conversation);
    });
  }
}
