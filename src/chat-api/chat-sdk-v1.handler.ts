import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { RealtimeSession, UpstreamHandler, UpstreamRequest, UpstreamResponse } from '../realtime/realtime.types';
import { UpstreamRouter } from '../realtime/upstream-router';
import { type AimHandler, aimCall } from './chat-api.call';
import { RouteTable } from './chat-api.routes';
import { ConfigurationHandlers } from './configuration.handlers';

export const AIM_V1_PREFIX = '/Client/v1';

/**
 * The one `Client/v1` call: the Programmable Chat SDK (`twilio-chat` 6) reads its configuration
 * there (docs/chat-sdk-wire.md 2), then follows the links it is given, which are the `Client/v2`
 * API the Conversations SDK uses: one API serves both SDKs.
 */
@Injectable()
export class ChatSdkV1Handler implements UpstreamHandler, OnModuleInit {
  private readonly routes: RouteTable<AimHandler>;

  constructor(
    private readonly upstream: UpstreamRouter,
    private readonly config: AppConfig,
    configuration: ConfigurationHandlers,
  ) {
    this.routes = new RouteTable<AimHandler>([['GET', '/Configuration', (c) => configuration.configuration(c)]]);
  }

  onModuleInit(): void {
    this.upstream.register(AIM_V1_PREFIX, this);
  }

  async handle(session: RealtimeSession, request: UpstreamRequest): Promise<UpstreamResponse> {
    const { handler, params } = this.routes.match(request.method, request.path.slice(AIM_V1_PREFIX.length), request.path);
    return handler(aimCall(session, request, params, this.config.publicUrl));
  }
}
