import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CREDENTIAL_TOPIC } from '../auth/credentials.service';
import { TwilioError } from '../common/twilio-error';
import { InvalidationBus } from '../redis/invalidation-bus';
import { SERVICE_TOPIC } from '../services/service-scope.pipe';
import { ACCOUNT_TOPIC } from '../services/services.service';
import { RealtimeSessions } from './realtime-sessions';
import type { RealtimeSession } from './realtime.types';
import { SessionAuthenticator } from './session-authenticator';

/**
 * Closes the sessions whose credentials stopped being valid: a deleted API key, a suspended or closed
 * account, a deleted service. The router publishes such changes on the invalidation bus (Redis
 * pub/sub), so every API process hears them and re-checks the sessions concerned against the database.
 */
@Injectable()
export class SessionRevocationListener implements OnModuleInit {
  private readonly logger = new Logger(SessionRevocationListener.name);

  constructor(
    private readonly bus: InvalidationBus,
    private readonly sessions: RealtimeSessions,
    private readonly authenticator: SessionAuthenticator,
  ) {}

  onModuleInit(): void {
    this.bus.on(CREDENTIAL_TOPIC, (sid) => this.recheck((s) => s.apiKeySid === sid));
    this.bus.on(ACCOUNT_TOPIC, (accountSid) => this.recheck((s) => s.accountSid === accountSid));
    this.bus.on(SERVICE_TOPIC, (serviceSid) => this.recheck((s) => s.serviceSid === serviceSid));
  }

  /** Re-checks the concerned sessions, once per (key, account, service) they share: many users share one key. */
  private recheck(concerned: (session: RealtimeSession) => boolean): void {
    const groups = new Map<string, RealtimeSession[]>();
    for (const session of this.sessions.all().filter(concerned)) {
      const key = `${session.apiKeySid} ${session.accountSid} ${session.serviceSid}`;
      const group = groups.get(key);
      if (group) group.push(session);
      else groups.set(key, [session]);
    }
    for (const group of groups.values()) {
      this.authenticator.recheck(group[0]).then(
        () => undefined,
        (err: unknown) => {
          if (err instanceof TwilioError) group.forEach((session) => this.sessions.revoke(session.id, err));
          else this.logger.warn({ err, sessions: group.length }, 'could not re-check sessions; they stay open');
        },
      );
    }
  }
}
