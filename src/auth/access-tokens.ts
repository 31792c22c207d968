import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { TwilioError } from '../common/twilio-error';
import { isSid, SidPrefix } from '../common/sid';
import { AccountsRepository } from './accounts.repository';

/** What a valid Twilio access token (AccessToken + ChatGrant) says. */
export interface AccessTokenClaims {
  accountSid: string;
  apiKeySid: string;
  identity: string;
  serviceSid: string | null;
  defaultServiceSid: string;
}

/**
 * Verifies access tokens minted with `twilio.jwt.AccessToken`: HS256/384/512 with the API key's
 * secret (looked up by `iss`), `sub` = the key's account, `cty` twilio-fpa;v=1, not expired.
 * Errors carry Twilio's access-token codes (20101 invalid, 20103 issuer/subject, 20104 expired,
 * 20107 signature).
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly accounts: AccountsRepository) {}

  async verify(token: string): Promise<AccessTokenClaims> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object' || decoded.header.cty !== 'twilio-fpa;v=1') {
      throw new TwilioError(20101, 401, 'Invalid access token');
    }
    const payload = decoded.payload as jwt.JwtPayload & { grants?: { identity?: string; chat?: { service_sid?: string } } };
    if (!isSid(payload.iss, SidPrefix.ApiKey) || !isSid(payload.sub, SidPrefix.Account)) {
      throw new TwilioError(20103, 401, 'Invalid access token issuer/subject');
    }
    const key = await this.accounts.findCredential(payload.iss);
    if (!key || key.accountSid !== payload.sub) throw new TwilioError(20103, 401, 'Invalid access token issuer/subject');
    try {
      jwt.verify(token, key.secret, { algorithms: ['HS256', 'HS384', 'HS512'] });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new TwilioError(20104, 401, 'Access token expired or expiration date invalid');
      if (err instanceof jwt.NotBeforeError) throw new TwilioError(20105, 401, 'Access token not yet valid');
      throw new TwilioError(20107, 401, 'Invalid access token signature');
    }
    if (key.status !== 'active') throw new TwilioError(20005, 401, `Account ${key.accountSid} is not active`);
    const identity = payload.grants?.identity;
    if (typeof identity !== 'string' || identity === '')
      throw new TwilioError(20106, 401, 'Invalid access token grants: identity is missing');
    return {
      accountSid: key.accountSid,
      apiKeySid: key.credentialSid,
      identity,
      serviceSid: payload.grants?.chat?.service_sid ?? null,
      defaultServiceSid: key.defaultServiceSid,
    };
  }
}
