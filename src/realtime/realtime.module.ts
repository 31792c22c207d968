import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ServicesModule } from '../services/services.module';
import { UsersModule } from '../users/users.module';
import { RealtimeSessions } from './realtime-sessions';
import { SessionAuthenticator } from './session-authenticator';
import { SessionRevocationListener } from './session-revocation.listener';
import { TwilsockGateway } from './twilsock.gateway';
import { UpstreamRouter } from './upstream-router';

/**
 * Realtime transport for the chat SDKs: Twilsock v3 on `GET /v3/wsconnect` (API role only). The layers
 * above use RealtimeSessions (who is connected, push a notification) and UpstreamRouter (answer the
 * requests the SDK tunnels through the socket); docs/realtime.md.
 */
@Module({
  imports: [AuthModule, ServicesModule, UsersModule],
  providers: [TwilsockGateway, RealtimeSessions, UpstreamRouter, SessionAuthenticator, SessionRevocationListener],
  exports: [RealtimeSessions, UpstreamRouter],
})
export class RealtimeModule {}
