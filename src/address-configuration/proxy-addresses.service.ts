import { Injectable } from '@nestjs/common';
import { AccountsService } from '../auth/accounts.service';
import { parseChannelAddress } from '../common/channel-address';
import { AppConfig } from '../config/app-config';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import type { Principal } from '../common/request-context';
import { TwilioError } from '../common/twilio-error';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ProxyAddressesRepository, type ProxyAddressRecord, type ProxyAddressUse } from './proxy-addresses.repository';
import { CreateProxyAddressDto, UpdateProxyAddressDto } from './proxy-addresses.dto';

export type { ProxyAddressRecord };

const path = (address: string) => `/router/v1/ProxyAddresses/${address}`;

/**
 * The proxy addresses an account owns (not a Twilio resource): claimed by the first account to
 * configure or use them, moved by a parent account between itself and its subaccounts (or by the
 * operator's bootstrap account between any accounts), released by the owner once unused. Also the
 * router's settings of each: which carrier sends from it (CHANNEL_PROVIDER by default) and how many
 * messages per second (DEFAULT_SEND_RATE by default).
 */
@Injectable()
export class ProxyAddressesService {
  constructor(
    private readonly proxies: ProxyAddressesRepository,
    private readonly accounts: AccountsService,
    private readonly uow: UnitOfWork,
    private readonly config: AppConfig,
  ) {}

  async create(accountSid: string, dto: CreateProxyAddressDto): Promise<ProxyAddressRecord> {
    const address = parseAddress(dto.address);
    const inserted = await this.proxies.create({
      address,
      accountSid,
      channelProvider: dto.channelProvider ?? null,
      sendRatePerSecond: dto.sendRate ?? null,
    });
    const row = await this.proxies.findAny(address);
    if (!row || row.accountSid !== accountSid) throw Errors.proxyAddressNotAuthorized(address);
    if (!inserted) {
      throw new TwilioError(
        20001,
        409,
        `Proxy address ${address} is already this account's; change its settings with POST ${path(address)}`,
      );
    }
    return row;
  }

  async fetch(accountSid: string, raw: string): Promise<ProxyAddressRecord> {
    const address = parseChannelAddress(raw, { allowShortCode: true });
    const row = 'address' in address ? await this.proxies.find(accountSid, address.address.value) : null;
    if (!row) throw Errors.notFound(path(raw));
    return row;
  }

  async list(accountSid: string, page: PageRequest): Promise<PageSlice<ProxyAddressRecord>> {
    return sliceRows(await this.proxies.list(accountSid, page), page);
  }

  /** Changes the settings; with AccountSid, moves the address to that account first. */
  async update(principal: Principal, raw: string, dto: UpdateProxyAddressDto): Promise<ProxyAddressRecord> {
    const settings = { channelProvider: dto.channelProvider, sendRatePerSecond: dto.sendRate };
    if (dto.accountSid === undefined) {
      const current = await this.fetch(principal.accountSid, raw);
      return this.proxies.update(current.address, settings);
    }
    return this.move(principal, raw, dto.accountSid, settings);
  }

  /** Releases an address the account no longer uses: any account may claim it afterwards. */
  async delete(accountSid: string, raw: string): Promise<void> {
    const current = await this.fetch(accountSid, raw);
    await this.uow.run(async (db) => {
      const locked = await this.proxies.lockForChange(db, current.address);
      if (locked?.accountSid !== accountSid) throw Errors.notFound(path(raw));
      refuseInUse(current.address, accountSid, await this.proxies.useBy(db, accountSid, current.address), 'released');
      await this.proxies.delete(db, current.address);
    });
  }

  /**
   * Moves an address to another account, as Twilio moves a number between a parent account and its
   * subaccounts: the caller (with its auth token or a main key) must be, or be above, both the owner
   * and the new owner; the operator's bootstrap account may move any address to any account. The
   * owner must have stopped using it (no Address Configuration, no open conversation bound to it).
   */
  private async move(
    principal: Principal,
    raw: string,
    target: string,
    settings: { channelProvider?: string; sendRatePerSecond?: number },
  ): Promise<ProxyAddressRecord> {
    this.accounts.requireAccountCredentials(principal);
    const caller = principal.accountSid;
    const operator = this.config.bootstrapAccount?.sid === caller;
    const parsed = parseChannelAddress(raw, { allowShortCode: true });
    const current = 'address' in parsed ? await this.proxies.findAny(parsed.address.value) : null;
    if (!current || !(operator || (await this.accounts.isWithin(caller, current.accountSid)))) throw Errors.notFound(path(raw));
    const allowedTarget = operator ? await this.accounts.exists(target) : await this.accounts.isWithin(caller, target);
    if (!allowedTarget) {
      throw new TwilioError(20001, 400, `AccountSid ${target} is not this account or one of its subaccounts`);
    }
    return this.uow.run(async (db) => {
      const locked = await this.proxies.lockForChange(db, current.address);
      if (!locked) throw Errors.notFound(path(raw));
      if (locked.accountSid !== target) {
        refuseInUse(current.address, locked.accountSid, await this.proxies.useBy(db, locked.accountSid, current.address), 'moved');
      }
      return this.proxies.update(current.address, { ...settings, accountSid: target }, db);
    });
  }
}

/** 409 while the owner still uses the address: moving or releasing it would cut off its conversations. */
function refuseInUse(address: string, owner: string, use: ProxyAddressUse, action: 'moved' | 'released'): void {
  if (!use.addressConfigurationSid && use.openParticipants === 0) return;
  const uses = [
    use.addressConfigurationSid ? `its Address Configuration ${use.addressConfigurationSid}` : null,
    use.openParticipants ? `${use.openParticipants} participant(s) of open conversations` : null,
  ].filter(Boolean);
  throw new TwilioError(
    20001,
    409,
    `Proxy address ${address} cannot be ${action} while account ${owner} uses it (${uses.join(', ')}): ` +
      'delete the configuration and close those conversations or remove their participants first',
  );
}

function parseAddress(raw: string): string {
  const parsed = parseChannelAddress(raw, { allowShortCode: true });
  if ('error' in parsed) throw Errors.proxyAddressInvalid(parsed.error);
  return parsed.address.value;
}
