import { Injectable } from '@nestjs/common';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { AddressConfigurationRepository } from './address-configuration.repository';
import { ProxyAddressesRepository, type ProxyAddressRecord } from './proxy-addresses.repository';

export type { ProxyAddressRecord };
import { CreateProxyAddressDto, ProxyAddressSettingsDto } from './proxy-addresses.dto';

const path = (address: string) => `/router/v1/ProxyAddresses/${address}`;

/**
 * Router settings of a proxy address (not a Twilio resource): which carrier sends from it
 * (CHANNEL_PROVIDER by default) and how many messages per second (DEFAULT_SEND_RATE by default).
 */
@Injectable()
export class ProxyAddressesService {
  constructor(
    private readonly proxies: ProxyAddressesRepository,
    private readonly configurations: AddressConfigurationRepository,
  ) {}

  async create(accountSid: string, dto: CreateProxyAddressDto): Promise<ProxyAddressRecord> {
    const address = parseAddress(dto.address);
    const configured = await this.configurations.findByAddress(address);
    if (configured && configured.accountSid !== accountSid) {
      throw new TwilioError(50413, 409, `Address ${address} belongs to another account: this account is not authorized to use it`);
    }
    const inserted = await this.proxies.create({
      address,
      accountSid,
      channelProvider: dto.channelProvider ?? null,
      sendRatePerSecond: dto.sendRate ?? null,
    });
    const row = await this.proxies.findAny(address);
    if (!inserted && row?.accountSid !== accountSid) {
      throw new TwilioError(50413, 409, `Address ${address} belongs to another account: this account is not authorized to use it`);
    }
    if (!inserted)
      throw new TwilioError(20001, 409, `Proxy address ${address} already has settings; update them with POST ${path(address)}`);
    return row!;
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

  async update(accountSid: string, raw: string, dto: ProxyAddressSettingsDto): Promise<ProxyAddressRecord> {
    const current = await this.fetch(accountSid, raw);
    return this.proxies.update(current.address, { channelProvider: dto.channelProvider, sendRatePerSecond: dto.sendRate });
  }

  async delete(accountSid: string, raw: string): Promise<void> {
    const current = await this.fetch(accountSid, raw);
    await this.proxies.delete(current.address);
  }
}

function parseAddress(raw: string): string {
  const parsed = parseChannelAddress(raw, { allowShortCode: true });
  if ('error' in parsed) throw Errors.proxyAddressInvalid(parsed.error);
  return parsed.address.value;
}
