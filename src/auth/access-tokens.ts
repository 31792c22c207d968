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
  expiresAt: Date;
}

/** Twilio's longest access-token lifetime. */
const MAX_TOKEN_LIFETIME_S = 24 * 3600;

/**
 * Verifies access tokens minted with `twilio.jwt.AccessToken`: HS256/384/512 with the API key's
 * secret (looked up by `iss`), `sub` = the key's account, `cty` twilio-fpa;v=1, an `exp` at most 24 h
 * after `iat` and not passed.
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
    const expiresAt = payload.exp;
    if (typeof expiresAt !== 'number' || expiresAt - (payload.iat ?? Math.floor(Date.now() / 1000)) > MAX_TOKEN_LIFETIME_S) {
      throw new TwilioError(20104, 401, 'Access token expired or expiration date invalid');
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
      expiresAt: new Date(expiresAt * 1000),
    };
  }

  /**
   * Whether tokens signed by this key for this account are still accepted: the key exists and the
   * account is active (for connections that outlive the moment their token was checked).
   */
  async recheck(apiKeySid: string, accountSid: string): Promise<void> {
    const key = await this.accounts.findCredential(apiKeySid);
    if (!key || !key.isApiKey || key.accountSid !== accountSid) {
      throw new TwilioError(20103, 401, `Invalid access token issuer/subject: API key ${apiKeySid} no longer exists`);
    }
    if (key.status !== 'active') throw new TwilioError(20005, 401, `Account ${accountSid} is not active`);
  }
}
