import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AuthThrottle } from '../auth/auth-throttle';
import { AuthThrottled } from '../auth/credentials.service';
import { Errors } from '../common/errors';
import type { RouterRequest } from '../common/request-context';
import { TwilioError } from '../common/twilio-error';
import { AppConfig } from '../config/app-config';

/**
 * The simulator's own door, in front of every /simulator route (which are @Public() for the router's
 * Basic guard, meant for router accounts): 404 when the simulator is off, 503 until TWILIO_AUTH_TOKEN
 * is set, then HTTP Basic as Twilio's: the carrier account SID and TWILIO_AUTH_TOKEN. Failed attempts
 * are throttled as the API's are (AuthThrottle): the token also signs the carrier webhooks.
 */
@Injectable()
export class SimulatorGuard implements CanActivate {
  /** The header last accepted: the worker sends it with every message, without a Redis round trip each time. */
  private accepted: string | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly throttle: AuthThrottle,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RouterRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    if (!this.config.simulatorEnabled) throw Errors.notFound(request.url.split('?')[0]);
    const authToken = this.config.twilio.authToken;
    if (!authToken)
      throw Errors.unavailable('the simulator carrier needs TWILIO_AUTH_TOKEN: set it, and use it as the Basic auth password');
    const header = request.headers.authorization ?? '';
    if (header && header === this.accepted) return true;
    const credential = `carrier:${carrierAccountSid(this.config)}`;
    const blockedMs = await this.throttle.blockedFor(request.ip, credential);
    if (blockedMs > 0 && !(await this.throttle.isKnownGood(header))) {
      const throttled = new AuthThrottled(Math.ceil(blockedMs / 1000));
      void reply.header('retry-after', String(throttled.retryAfterSeconds));
      throw throttled;
    }
    const [scheme, encoded] = header.split(' ');
    const decoded = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon > 0 && same(decoded.slice(0, colon), carrierAccountSid(this.config)) && same(decoded.slice(colon + 1), authToken)) {
      this.accepted = header;
      void this.throttle.rememberGood(header);
      return true;
    }
    const delayMs = await this.throttle.failed(request.ip, credential);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    void reply.header('www-authenticate', 'Basic realm="Twilio API"');
    throw new TwilioError(20003, 401, 'Authenticate');
  }
}

/** The account the simulator answers as: TWILIO_ACCOUNT_SID, or the simulator's default. */
export function carrierAccountSid(config: AppConfig): string {
  return config.twilio.accountSid ?? config.simulatorAccountSid;
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
