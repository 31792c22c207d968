import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { TwilioError } from '../common/twilio-error';
import type { Principal, RouterRequest } from '../common/request-context';
import { AuthThrottled, CredentialsService } from './credentials.service';
import { AccessTokenVerifier } from './access-tokens';
import { ACCEPTS_ACCESS_TOKEN, IS_PUBLIC } from './public.decorator';

/** HTTP Basic on every route but @Public() ones (and access tokens where accepted); sets request.principal. */
@Injectable()
export class BasicAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly credentials: CredentialsService,
    private readonly accessTokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const acceptAccessToken =
      this.reflector.getAllAndOverride<boolean>(ACCEPTS_ACCESS_TOKEN, [context.getHandler(), context.getClass()]) ?? false;
    const http = context.switchToHttp();
    try {
      await this.authenticate(http.getRequest<RouterRequest>(), { acceptAccessToken });
    } catch (err) {
      if (err instanceof TwilioError && err.status === 401) {
        void http.getResponse<FastifyReply>().header('www-authenticate', 'Basic realm="Twilio API"');
      }
      if (err instanceof AuthThrottled) void http.getResponse<FastifyReply>().header('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
    return true;
  }

  /** Authenticates a request (Basic, or an access token where accepted) and sets request.principal. */
  async authenticate(request: RouterRequest, options: { acceptAccessToken: boolean }): Promise<Principal> {
    const header = request.headers.authorization;
    const token = request.headers['x-twilio-token'];
    if (!header && typeof token === 'string' && options.acceptAccessToken) {
      const claims = await this.accessTokens.verify(token);
      request.principal = {
        accountSid: claims.accountSid,
        credentialSid: claims.apiKeySid,
        isApiKey: true,
        canManageAccounts: false,
        defaultServiceSid: claims.defaultServiceSid,
        chatUser: { identity: claims.identity, serviceSid: claims.serviceSid },
      };
    } else {
      request.principal = await this.credentials.authenticateHeader(typeof header === 'string' ? header : undefined, request.ip);
    }
    return request.principal;
  }
}
