import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { type Principal } from '../common/request-context';
import { isSid, normalizeSid, SidPrefix } from '../common/sid';
import { TtlCache } from '../common/ttl-cache';
import { InvalidationBus } from '../redis/invalidation-bus';
import { ACCOUNT_TOPIC } from '../services/services.service';
import { TwilioError } from '../common/twilio-error';
import { AccountsRepository } from './accounts.repository';
import { AuthThrottle } from './auth-throttle';
import type { CredentialRecord } from './auth.types';

export const CREDENTIAL_TOPIC = 'credential';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 429 / 20429 for a client address or credential with too many failed authentications; Retry-After in seconds. */
export class AuthThrottled extends TwilioError {
  constructor(readonly retryAfterSeconds: number) {
    super(20429, 429, `Too many failed authentications: try again in ${retryAfterSeconds} seconds`);
  }
}

/**
 * Checks HTTP Basic credentials: Account SID + auth token, or API key SID + secret. Credentials are
 * cached per SID for a short TTL; any change is pushed to every process through the invalidation bus.
 */
@Injectable()
export class CredentialsService implements OnModuleInit {
  private readonly cache: TtlCache<CredentialRecord>;
  /** Principals of recently accepted Authorization headers, so a hot client costs no hashing. */
  private readonly accepted: TtlCache<Principal>;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly bus: InvalidationBus,
    private readonly throttle: AuthThrottle,
    config: AppConfig,
  ) {
    this.cache = new TtlCache(config.authCacheTtlMs);
    this.accepted = new TtlCache(config.authCacheTtlMs);
  }

  onModuleInit(): void {
    this.bus.on(CREDENTIAL_TOPIC, (sid) => {
      this.cache.delete(sid);
      this.accepted.deleteWhere((p) => p.credentialSid === sid);
    });
    this.bus.on(ACCOUNT_TOPIC, (accountSid) => {
      this.cache.deleteWhere((c) => c.accountSid === accountSid);
      this.accepted.deleteWhere((p) => p.accountSid === accountSid);
    });
  }

  /**
   * The principal for an `Authorization: Basic ...` header from a client address, or a 401
   * TwilioError; 429 (AuthThrottled) while the address or the credential has too many failures,
   * unless this very header authenticated before (see AuthThrottle).
   */
  async authenticateHeader(header: string | undefined, client: string): Promise<Principal> {
    if (header === undefined) throw Errors.authenticate();
    const hit = this.accepted.get(header);
    if (hit) return hit;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const username = colon > 0 ? normalizeSid(decoded.slice(0, colon)) : '';
    const credential = isSid(username, SidPrefix.Account) || isSid(username, SidPrefix.ApiKey) ? username : null;
    const blockedMs = await this.throttle.blockedFor(client, credential);
    if (blockedMs > 0 && !(await this.throttle.isKnownGood(header))) throw new AuthThrottled(Math.ceil(blockedMs / 1000));
    let principal: Principal;
    try {
      if (colon <= 0) throw Errors.authenticate();
      principal = await this.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
    } catch (err) {
      if (err instanceof TwilioError && err.code === 20003) {
        const delayMs = await this.throttle.failed(client, credential);
        if (delayMs > 0) await sleep(delayMs);
      }
      throw err;
    }
    this.accepted.set(header, principal);
    void this.throttle.rememberGood(header);
    return principal;
  }

  /** The principal for a username/password pair, or a 401 TwilioError. */
  async authenticate(username: string, password: string): Promise<Principal> {
    const sid = normalizeSid(username);
    if (!isSid(sid, SidPrefix.Account) && !isSid(sid, SidPrefix.ApiKey)) throw Errors.authenticate();
    let credential = this.cache.get(sid);
    if (!credential) {
      credential = (await this.accounts.findCredential(sid)) ?? undefined;
      if (!credential) throw Errors.authenticate();
      this.cache.set(sid, credential);
    }
    if (!timingSafeEqual(digest(credential.secret), digest(password))) throw Errors.authenticate();
    if (credential.status !== 'active') throw Errors.accountNotActive(credential.accountSid);
    return {
      accountSid: credential.accountSid,
      credentialSid: credential.credentialSid,
      defaultServiceSid: credential.defaultServiceSid,
      isApiKey: credential.isApiKey,
      canManageAccounts: credential.canManageAccounts,
    };
  }

  /** Forget a credential everywhere (rotated token, deleted key). */
  invalidateCredential(sid: string): Promise<void> {
    return this.bus.publish(CREDENTIAL_TOPIC, sid);
  }

  /** Forget every credential of an account everywhere (status change). */
  invalidateAccount(accountSid: string): Promise<void> {
    return this.bus.publish(ACCOUNT_TOPIC, accountSid);
  }
}
