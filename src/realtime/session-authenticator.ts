import { Injectable } from '@nestjs/common';
import { AccessTokenVerifier } from '../auth/access-tokens';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import { ServicesRepository } from '../services/services.repository';
import { UsersService } from '../users/users.service';
import type { RealtimeSession } from './realtime.types';

export type SessionGrant = Omit<RealtimeSession, 'id'>;

const grantError = (message: string) => new TwilioError(20106, 401, `Invalid access token grants: ${message}`);

/**
 * Who an access token lets in on a Twilsock connection: a valid token (AccessTokenVerifier: signature
 * by an existing API key of an active account, not expired) with an identity and a ChatGrant whose
 * service belongs to that account; the identity's chat user is created if new. Failures are TwilioErrors with Twilio's access-token codes.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly services: ServicesRepository,
    private readonly users: UsersService,
  ) {}

  async authenticate(token: string): Promise<SessionGrant> {
    const claims = await this.tokens.verify(token);
    if (claims.serviceSid === null) throw grantError('a ChatGrant with a serviceSid is required');
    const serviceSid = normalizeSid(claims.serviceSid);
    await this.checkService(serviceSid, claims.accountSid);
    // The chat user of the identity exists from its first connection on, as on Twilio.
    const user = await this.users.ensure({ accountSid: claims.accountSid, serviceSid, scoped: true }, claims.identity, {
      source: 'SDK',
      webhooks: true,
      clientIdentity: claims.identity,
    });
    return {
      accountSid: claims.accountSid,
      serviceSid,
      identity: claims.identity,
      userSid: user.sid,
      apiKeySid: claims.apiKeySid,
      expiresAt: claims.expiresAt,
    };
  }

  /** Whether an open session's key, account and service are still accepted; throws the reason if not. */
  async recheck(session: RealtimeSession): Promise<void> {
    await this.tokens.recheck(session.apiKeySid, session.accountSid);
    await this.checkService(session.serviceSid, session.accountSid);
  }

  private async checkService(serviceSid: string, accountSid: string): Promise<void> {
    if (!isSid(serviceSid, SidPrefix.Service) || (await this.services.ownerOf(serviceSid)) !== accountSid) {
      throw grantError(`Conversation Service ${serviceSid} not found in account ${accountSid}`);
    }
  }
}
