import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { Errors } from '../common/errors';
import type { RouterRequest } from '../common/request-context';
import { TwilioError } from '../common/twilio-error';
import { AppConfig } from '../config/app-config';

/**
 * The simulator's own door, in front of every /simulator route (which are @Public() for the router's
 * Basic guard, meant for router accounts): 404 when the simulator is off, 503 until TWILIO_AUTH_TOKEN
 * is set, then HTTP Basic as Twilio's: the carrier account SID and TWILIO_AUTH_TOKEN.
 */
@Injectable()
export class SimulatorGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RouterRequest>();
    if (!this.config.simulatorEnabled) throw Errors.notFound(request.url.split('?')[0]);
    const authToken = this.config.twilio.authToken;
    if (!authToken)
      throw Errors.unavailable('the simulator carrier needs TWILIO_AUTH_TOKEN: set it, and use it as the Basic auth password');
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const decoded = scheme?.toLowerCase() === 'basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon > 0 && same(decoded.slice(0, colon), carrierAccountSid(this.config)) && same(decoded.slice(colon + 1), authToken))
      return true;
    void context.switchToHttp().getResponse<FastifyReply>().header('www-authenticate', 'Basic realm="Twilio API"');
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
