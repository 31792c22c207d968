import { Injectable } from '@nestjs/common';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TwilioError } from '../common/twilio-error';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import {
  AutoCreationFields,
  CreateAddressConfigurationDto,
  SUPPORTED_ADDRESS_TYPES,
  UpdateAddressConfigurationDto,
} from './address-configuration.dto';
import { AddressConfigurationRepository, AddressConfigurationWrite } from './address-configuration.repository';
import type { AddressConfigurationRecord } from './address-configuration.types';
import { ProxyAddressOwnership } from './proxy-address-ownership';

const path = (id: string) => `/v1/Configuration/Addresses/${id}`;

/** /v1/Configuration/Addresses: how messages to a proxy address that match no conversation are handled. */
@Injectable()
export class AddressConfigurationService {
  constructor(
    private readonly configurations: AddressConfigurationRepository,
    private readonly services: ServicesRepository,
    private readonly ownership: ProxyAddressOwnership,
    private readonly uow: UnitOfWork,
  ) {}

  async create(accountSid: string, dto: CreateAddressConfigurationDto): Promise<AddressConfigurationRecord> {
    if (!(SUPPORTED_ADDRESS_TYPES as readonly string[]).includes(dto.type)) {
      throw new TwilioError(20001, 400, `Type '${dto.type}' is not carried by this router; use sms or whatsapp`);
    }
    const address = normalizeAddress(dto.type as 'sms' | 'whatsapp', dto.address);
    const autoCreation = await this.autoCreation(accountSid, dto, undefined);
    const created = await this.uow.run(async (db) => {
      // Configuring an address claims it; another account's address is refused (50413).
      await this.ownership.claim(db, accountSid, address);
      return this.configurations.create(db, accountSid, {
        type: dto.type,
        address,
        friendlyName: dto.friendlyName ?? null,
        addressCountry: dto.addressCountry?.toUpperCase() ?? null,
        ...autoCreation,
      } as AddressConfigurationWrite);
    });
    if (created) return created;
    const own = await this.configurations.find(accountSid, address);
    throw new TwilioError(20001, 409, `Address ${address} is already configured${own ? `: ${own.sid}` : ''}`);
  }

  async fetch(accountSid: string, id: string): Promise<AddressConfigurationRecord> {
    return (await this.configurations.find(accountSid, id)) ?? Promise.reject(Errors.notFound(path(id)));
  }

  async list(accountSid: string, type: string | undefined, page: PageRequest): Promise<PageSlice<AddressConfigurationRecord>> {
    return sliceRows(await this.configurations.list(accountSid, type, page), page);
  }

  async update(accountSid: string, id: string, dto: UpdateAddressConfigurationDto): Promise<AddressConfigurationRecord> {
    const current = await this.fetch(accountSid, id);
    const autoCreation = await this.autoCreation(accountSid, dto, current);
    const updated = await this.configurations.update(current.sid, {
      ...autoCreation,
      ...(dto.friendlyName !== undefined ? { friendlyName: dto.friendlyName } : {}),
    });
    return updated ?? Promise.reject(Errors.notFound(path(id)));
  }

  async delete(accountSid: string, id: string): Promise<void> {
    const current = await this.fetch(accountSid, id);
    if (!(await this.configurations.delete(current.sid))) throw Errors.notFound(path(id));
  }

  /** The auto_creation fields after this request, checked as a whole (type webhook needs a URL, studio a flow). */
  private async autoCreation(
    accountSid: string,
    dto: AutoCreationFields,
    current: AddressConfigurationRecord | undefined,
  ): Promise<Partial<AddressConfigurationWrite>> {
    if (
      dto.autoCreationConversationServiceSid !== undefined &&
      !(await this.services.find(accountSid, dto.autoCreationConversationServiceSid))
    ) {
      throw new TwilioError(50050, 404, `Service ${dto.autoCreationConversationServiceSid} not found in this account`);
    }
    const next = {
      autoCreationEnabled: dto.autoCreationEnabled ?? current?.autoCreationEnabled ?? false,
      autoCreationType: dto.autoCreationType ?? current?.autoCreationType ?? null,
      autoCreationServiceSid: dto.autoCreationConversationServiceSid ?? current?.autoCreationServiceSid ?? null,
      webhookUrl: dto.autoCreationWebhookUrl ?? current?.webhookUrl ?? null,
      webhookMethod: dto.autoCreationWebhookMethod ?? current?.webhookMethod ?? null,
      webhookFilters: dto.autoCreationWebhookFilters ?? current?.webhookFilters ?? [],
      studioFlowSid: dto.autoCreationStudioFlowSid ?? current?.studioFlowSid ?? null,
      studioRetryCount: dto.autoCreationStudioRetryCount ?? current?.studioRetryCount ?? null,
    };
    if (next.autoCreationEnabled && next.autoCreationType === null) next.autoCreationType = 'default';
    if (next.autoCreationType === 'webhook') {
      if (!next.webhookUrl) throw new TwilioError(50369, 400, 'AutoCreation.WebhookUrl is required for AutoCreation.Type webhook');
      next.webhookMethod ??= 'POST';
    }
    if (next.autoCreationType === 'studio' && !next.studioFlowSid) {
      throw new TwilioError(50367, 400, 'AutoCreation.StudioFlowSid is required for AutoCreation.Type studio');
    }
    return next;
  }
}

/** sms: E.164 or a short code; whatsapp: `whatsapp:` + E.164 (the prefix is added when missing). */
function normalizeAddress(type: 'sms' | 'whatsapp', raw: string): string {
  const text = type === 'whatsapp' && !/^whatsapp:/i.test(raw.trim()) ? `whatsapp:${raw.trim()}` : raw;
  const parsed = parseChannelAddress(text, { allowShortCode: type === 'sms' });
  if ('error' in parsed) throw Errors.proxyAddressInvalid(parsed.error);
  if (parsed.address.type !== type) throw new TwilioError(20001, 400, `Address '${raw}' is not a ${type} address`);
  return parsed.address.value;
}
