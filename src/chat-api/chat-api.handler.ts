import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Errors } from '../common/errors';
import { AppConfig } from '../config/app-config';
import type { RealtimeSession, UpstreamHandler, UpstreamRequest, UpstreamResponse } from '../realtime/realtime.types';
import { UpstreamRouter } from '../realtime/upstream-router';
import { type AimHandler, aimCall } from './chat-api.call';
import { RouteTable } from './chat-api.routes';
import { ConfigurationHandlers } from './configuration.handlers';
import { ConversationsHandlers } from './conversations.handlers';
import { InvitesHandlers } from './invites.handlers';
import { MessagesHandlers } from './messages.handlers';
import { MyConversationsHandlers } from './my-conversations.handlers';
import { ParticipantsHandlers } from './participants.handlers';
import { TypingService } from './typing.service';
import { UsersHandlers } from './users.handlers';

export const AIM_PREFIX = '/Client/v2';

const SERVICE = '/Services/:service';
const CONVERSATION = `${SERVICE}/Conversations/:conversation`;
const MESSAGE = `${CONVERSATION}/Messages/:message`;
const USER = `${SERVICE}/Users/:user`;

/**
 * The AIM `Client/v2` API the Conversations SDK tunnels through Twilsock (docs/sdk-wire.md 2). Every
 * request acts as the session's identity in the session's service; a path naming another service
 * is a 404. The numbers are the catalogue's (A1-A34).
 */
@Injectable()
export class ChatApiHandler implements UpstreamHandler, OnModuleInit {
  private readonly logger = new Logger(ChatApiHandler.name);
  private readonly routes: RouteTable<AimHandler>;

  constructor(
    private readonly upstream: UpstreamRouter,
    private readonly config: AppConfig,
    configuration: ConfigurationHandlers,
    conversations: ConversationsHandlers,
    invites: InvitesHandlers,
    participants: ParticipantsHandlers,
    messages: MessagesHandlers,
    myConversations: MyConversationsHandlers,
    users: UsersHandlers,
    typing: TypingService,
  ) {
    this.routes = new RouteTable<AimHandler>([
      ['GET', '/Configuration', (c) => configuration.configuration(c)], // A1
      ['GET', '/ContentTemplates', (c) => configuration.contentTemplates(c)], // A34
      ['POST', `${SERVICE}/Typing`, (c) => typing.typing(c)], // A29
      ['POST', `${SERVICE}/Conversations`, (c) => conversations.create(c)], // A3
      ['GET', `${SERVICE}/Conversations`, (c) => conversations.listPublic(c)], // C2 (Chat SDK)
      ['GET', CONVERSATION, (c) => conversations.fetch(c)], // A24, A25
      ['POST', CONVERSATION, (c) => conversations.update(c)], // A4-A6
      ['DELETE', CONVERSATION, (c) => conversations.delete(c)], // A7
      ['GET', `${CONVERSATION}/MessageRecipients`, (c) => conversations.messageRecipients(c)], // A31, A32
      ['POST', `${CONVERSATION}/Invites`, (c) => invites.invite(c)], // C3 (Chat SDK)
      ['DELETE', `${CONVERSATION}/Invites/:identity`, (c) => invites.remove(c)], // C4 (Chat SDK)
      ['POST', `${CONVERSATION}/Participants`, (c) => participants.add(c)], // A8-A10
      ['POST', `${CONVERSATION}/Participants/:participant`, (c) => participants.update(c)], // A13
      ['DELETE', `${CONVERSATION}/Participants/:participant`, (c) => participants.remove(c)], // A11, A12
      ['POST', `${CONVERSATION}/Messages`, (c) => messages.send(c)], // A14-A16
      ['POST', MESSAGE, (c) => messages.update(c)], // A17, A18
      ['DELETE', MESSAGE, (c) => messages.delete(c)], // A19
      ['GET', `${MESSAGE}/Receipts`, (c) => messages.receipts(c)], // A30
      ['GET', `${MESSAGE}/ChannelMetadata`, (c) => conversations.channelMetadata(c)], // A33
      ['GET', `${USER}/Conversations`, (c) => myConversations.list(c)], // A2
      ['GET', `${USER}/Conversations/:conversation`, (c) => myConversations.fetch(c)], // A22, A23
      ['POST', `${USER}/Conversations/:conversation`, (c) => myConversations.update(c)], // A20, A21
      ['GET', USER, (c) => users.fetch(c)], // A28
      ['POST', USER, (c) => users.update(c)], // A26, A27
    ]);
  }

  onModuleInit(): void {
    this.upstream.register(AIM_PREFIX, this);
  }

  /** The AIM routes served, full paths (`/Client/v2/Services/:service/...`). */
  routeTemplates(): { method: string; template: string }[] {
    return this.routes.entries().map(({ method, template }) => ({ method, template: AIM_PREFIX + template }));
  }

  async handle(session: RealtimeSession, request: UpstreamRequest): Promise<UpstreamResponse> {
    const { handler, params } = this.routes.match(request.method, request.path.slice(AIM_PREFIX.length), request.path);
    if (params.service !== undefined && params.service.toLowerCase() !== session.serviceSid.toLowerCase()) {
      throw Errors.notFound(request.path);
    }
    const mutationId = request.headers['x-twilio-mutation-id'];
    // The SDK never retries a mutation, so the id only helps to follow one in the logs.
    if (mutationId) this.logger.debug({ sessionId: session.id, mutationId, method: request.method }, 'AIM mutation');
    return handler(aimCall(session, request, params, this.config.publicUrl));
  }
}
