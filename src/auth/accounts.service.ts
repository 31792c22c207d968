import { Injectable, Logger } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { type Principal } from '../common/request-context';
import { newSecret } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import { isUniqueViolation } from '../prisma/database-errors';
import { AccountsRepository } from './accounts.repository';
import type { AccountRecord, ApiKeyRecord } from './auth.types';
import { CredentialsService } from './credentials.service';

/**
 * Accounts and API keys (/2010-04-01). An account manages itself and the subaccounts it owns; API keys
 * act as their account on every resource, but as on Twilio only main keys (and the auth token) may
 * read or manage accounts and keys: standard keys get 401 / 20003 there.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly credentials: CredentialsService,
  ) {}

  /** Creates the bootstrap account, or brings its auth token up to date. */
  async bootstrap(sid: string, authToken: string): Promise<void> {
    const existing = await this.accounts.findCredential(sid);
    if (!existing) {
      try {
        await this.accounts.create({ sid, friendlyName: 'Bootstrap account', authToken });
        this.logger.log({ accountSid: sid }, 'bootstrap account created');
        return;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        // Another process created it at the same moment: fall through and make sure the token matches.
      }
    }
    if (existing && existing.secret === authToken && existing.status === 'active') return;
    await this.accounts.setAuthToken(sid, authToken);
    await this.credentials.invalidateCredential(sid);
    this.logger.log({ accountSid: sid }, 'bootstrap account auth token updated');
  }

  async createSubaccount(principal: Principal, friendlyName: string | undefined): Promise<AccountRecord & { authToken: string }> {
    this.requireAccountCredentials(principal);
    const authToken = newSecret();
    const account = await this.accounts.create({
      friendlyName: friendlyName ?? `SubAccount Created at ${new Date().toUTCString()}`,
      authToken,
      ownerAccountSid: principal.accountSid,
    });
    return { ...account, authToken };
  }

  async list(
    principal: Principal,
    filter: { friendlyName?: string; status?: string },
    page: PageRequest,
  ): Promise<PageSlice<AccountRecord>> {
    this.requireAccountCredentials(principal);
    return sliceRows(await this.accounts.listVisible(principal.accountSid, filter, page), page);
  }

  /** An account the caller may see: itself or one of its subaccounts. */
  async fetch(principal: Principal, sid: string, path: string): Promise<AccountRecord> {
    this.requireAccountCredentials(principal);
    const account = await this.accounts.find(sid);
    if (!account || (account.sid !== principal.accountSid && account.ownerAccountSid !== principal.accountSid)) {
      throw Errors.notFound(path);
    }
    return account;
  }

  async update(principal: Principal, sid: string, data: { friendlyName?: string; status?: string }, path: string): Promise<AccountRecord> {
    this.requireAccountCredentials(principal);
    const account = await this.fetch(principal, sid, path);
    if (data.status && account.sid === principal.accountSid) {
      throw new TwilioError(20001, 400, 'An account cannot change its own Status; its owner account can');
    }
    if (account.status === 'closed' && data.status && data.status !== 'closed') {
      throw new TwilioError(20001, 400, `Account ${sid} is closed; a closed account cannot be reopened`);
    }
    const updated = await this.accounts.update(sid, data);
    if (data.status) await this.credentials.invalidateAccount(sid);
    return updated;
  }

  /** The account whose keys a path names: the caller's own or one of its subaccounts. */
  async keyOwner(principal: Principal, accountSid: string, path: string): Promise<string> {
    this.requireAccountCredentials(principal);
    return (await this.fetch(principal, accountSid, path)).sid;
  }

  async createKey(
    accountSid: string,
    friendlyName: string | undefined,
    keyType: string | undefined,
  ): Promise<ApiKeyRecord & { secret: string }> {
    const secret = newSecret();
    const type = keyType === 'main' ? 'main' : 'standard';
    const key = await this.accounts.createKey(accountSid, friendlyName ?? '', secret, type);
    this.logger.log({ accountSid, keySid: key.sid, keyType: type }, 'API key created');
    return { ...key, secret };
  }

  async listKeys(accountSid: string, page: PageRequest): Promise<PageSlice<ApiKeyRecord>> {
    return sliceRows(await this.accounts.listKeys(accountSid, page), page);
  }

  async fetchKey(accountSid: string, sid: string, path: string): Promise<ApiKeyRecord> {
    return (await this.accounts.findKey(accountSid, sid)) ?? Promise.reject(Errors.notFound(path));
  }

  async updateKey(accountSid: string, sid: string, friendlyName: string | undefined, path: string): Promise<ApiKeyRecord> {
    if (friendlyName === undefined) return this.fetchKey(accountSid, sid, path);
    return (await this.accounts.updateKey(accountSid, sid, friendlyName)) ?? Promise.reject(Errors.notFound(path));
  }

  async deleteKey(accountSid: string, sid: string, path: string): Promise<void> {
    if (!(await this.accounts.deleteKey(accountSid, sid))) throw Errors.notFound(path);
    await this.credentials.invalidateCredential(sid);
    this.logger.log({ accountSid, keySid: sid }, 'API key deleted');
  }

  async exists(sid: string): Promise<boolean> {
    return (await this.accounts.find(sid)) !== null;
  }

  /** Whether `sid` is `ancestorSid` itself or one of its subaccounts, at any depth. */
  isWithin(ancestorSid: string, sid: string): Promise<boolean> {
    return this.accounts.isWithin(ancestorSid, sid);
  }

  /** Standard API keys (and chat users' access tokens) cannot touch accounts or keys, as on Twilio. */
  requireAccountCredentials(principal: Principal): void {
    if (!principal.canManageAccounts) {
      throw new TwilioError(
        20003,
        401,
        'Authenticate: a standard API key cannot access Accounts or Keys; use a main API key or the auth token',
      );
    }
  }
}
