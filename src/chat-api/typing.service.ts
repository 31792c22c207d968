import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Errors } from '../common/errors';
import { parseForm } from '../common/form-body';
import { AppConfig } from '../config/app-config';
import { ConversationsService } from '../conversations/conversations.service';
import { RealtimeSessions } from '../realtime/realtime-sessions';
import { REDIS } from '../redis/redis.module';
import { notParticipant } from './chat-api.access';
import { type AimCall, ok } from './chat-api.call';
import { ChatApiRepository } from './chat-api.repository';

/** Seconds a typing indicator lasts on the other clients: Twilio's default (TypingIndicatorTimeout), not configurable here. */
export const TYPING_TIMEOUT_SECONDS = 5;

export const TYPING_MESSAGE_TYPE = 'twilio.ipmsg.typing_indicator';

/** What one API process tells every other one: who types where, and which identities are to see it. */
interface TypingEvent {
  accountSid: string;
  serviceSid: string;
  conversationSid: string;
  identity: string;
  recipients: string[];
}

/**
 * Typing indicators (A29, docs/sdk-wire.md 2.10). The process that receives `POST {typing}` checks
 * that the typist is a chat participant and reads the other chat participants from the database
 * (so a removed participant stops seeing indicators at once), then publishes on Redis
 * (`{BULLMQ_PREFIX}:typing:{IS}`); every API process pushes the `twilio.ipmsg.typing_indicator`
 * notification to the sessions it holds of those identities. Never to the typist's own sessions:
 * the SDK would show the user typing to itself. Nothing is stored; a lost publish is a lost indicator.
 */
@Injectable()
export class TypingService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TypingService.name);
  private readonly channelPrefix: string;
  private subscriber?: Redis;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly sessions: RealtimeSessions,
    private readonly conversations: ConversationsService,
    private readonly repository: ChatApiRepository,
  ) {
    this.channelPrefix = `${config.queuePrefix}:typing:`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.subscriber.on('pmessage', (_pattern: string, _channel: string, payload: string) => this.deliver(payload));
    this.subscriber.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'typing subscriber error'));
    await this.subscriber.psubscribe(`${this.channelPrefix}*`);
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  /** A29: form body `ChannelSid=CH...`; answers the timeout the SDK then throttles its own requests by. */
  async typing(call: AimCall) {
    const channelSid = formField(call.request.body, 'ChannelSid');
    if (!channelSid) throw Errors.invalidParameter('ChannelSid is required: the conversation the user is typing in');
    const conversation = await this.conversations.fetch(call.scope, channelSid);
    const identities = await this.repository.chatIdentities(call.scope.accountSid, call.scope.serviceSid, conversation.sid);
    if (!identities.includes(call.session.identity)) throw notParticipant(call.session.identity, conversation.sid);
    const event: TypingEvent = {
      accountSid: call.scope.accountSid,
      serviceSid: call.scope.serviceSid,
      conversationSid: conversation.sid,
      identity: call.session.identity,
      recipients: identities.filter((identity) => identity !== call.session.identity),
    };
    if (event.recipients.length) await this.publish(event);
    return ok({ typing_timeout: TYPING_TIMEOUT_SECONDS });
  }

  private async publish(event: TypingEvent): Promise<void> {
    const payload = JSON.stringify(event);
    try {
      await this.redis.publish(this.channelPrefix + event.serviceSid, payload);
    } catch (err) {
      // Redis unreachable: at least the sessions of this process see it.
      this.logger.warn({ err: (err as Error).message, conversationSid: event.conversationSid }, 'could not publish a typing indicator');
      this.deliver(payload);
    }
  }

  /** Pushes an indicator to this process's sessions of the recipients; acks are not awaited. */
  private deliver(payload: string): void {
    let event: TypingEvent;
    try {
      event = JSON.parse(payload) as TypingEvent;
    } catch {
      this.logger.warn('ignored a malformed typing message');
      return;
    }
    const notification = { channel_sid: event.conversationSid, identity: event.identity, typing_timeout: TYPING_TIMEOUT_SECONDS };
    for (const identity of event.recipients) {
      if (identity === event.identity) continue;
      for (const session of this.sessions.forIdentity(event.accountSid, event.serviceSid, identity)) {
        void this.sessions.notify(session.id, TYPING_MESSAGE_TYPE, notification);
      }
    }
  }
}

/** One field of a form body (the SDK posts typing as application/x-www-form-urlencoded; it arrives as bytes). */
function formField(body: unknown, name: string): string | undefined {
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else if (body && typeof body === 'object') {
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
  if (text === undefined) return undefined;
  const value = parseForm(text)[name];
  return Array.isArray(value) ? value[0] : value;
}
