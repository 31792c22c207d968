import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { isSid, newSid, normalizeSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';
import type { AddressConfigurationRecord } from './address-configuration.types';

export type AddressConfigurationWrite = Omit<AddressConfigurationRecord, 'sid' | 'accountSid' | 'dateCreated' | 'dateUpdated'>;

/** `where` for a configuration named by IG SID or by its address (an alias in paths). */
function configurationWhere(accountSid: string, id: string): Prisma.AddressConfigurationWhereInput {
  return isSid(id, SidPrefix.AddressConfiguration) ? { accountSid, sid: normalizeSid(id) } : { accountSid, address: id };
}

@Injectable()
export class AddressConfigurationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a configuration; null when the address is already configured. */
  async create(db: Db, accountSid: string, data: AddressConfigurationWrite): Promise<AddressConfigurationRecord | null> {
    const sid = newSid(SidPrefix.AddressConfiguration);
    const { count } = await db.addressConfiguration.createMany({ data: [{ ...data, sid, accountSid }], skipDuplicates: true });
    return count ? db.addressConfiguration.findUnique({ where: { sid } }) : null;
  }

  find(accountSid: string, id: string): Promise<AddressConfigurationRecord | null> {
    return this.prisma.addressConfiguration.findFirst({ where: configurationWhere(accountSid, id) });
  }

  /** The configuration of an address by the account owning the address (inbound routing and autocreation). */
  async findOwned(address: string): Promise<AddressConfigurationRecord | null> {
    const [row] = await this.prisma.$queryRaw<AddressConfigurationRecord[]>`
      SELECT ac.sid, ac.account_sid AS "accountSid", ac.type, ac.address, ac.friendly_name AS "friendlyName",
             ac.address_country AS "addressCountry", ac.auto_creation_enabled AS "autoCreationEnabled",
             ac.auto_creation_type AS "autoCreationType", ac.auto_creation_service_sid AS "autoCreationServiceSid",
             ac.webhook_url AS "webhookUrl", ac.webhook_method AS "webhookMethod", ac.webhook_filters AS "webhookFilters",
             ac.studio_flow_sid AS "studioFlowSid", ac.studio_retry_count AS "studioRetryCount",
             ac.date_created AS "dateCreated", ac.date_updated AS "dateUpdated"
        FROM address_configurations ac
        JOIN proxy_addresses pa ON pa.address = ac.address AND pa.account_sid = ac.account_sid
       WHERE ac.address = ${address}`;
    return row ?? null;
  }

  list(accountSid: string, type: string | undefined, page: PageRequest): Promise<AddressConfigurationRecord[]> {
    return this.prisma.addressConfiguration.findMany({
      where: { accountSid, ...(type ? { type } : {}), ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
    });
  }

  /** Null when the configuration is gone (removed by a concurrent request). */
  async update(sid: string, data: Partial<AddressConfigurationWrite>): Promise<AddressConfigurationRecord | null> {
    const { count } = await this.prisma.addressConfiguration.updateMany({ where: { sid }, data: { ...data, dateUpdated: new Date() } });
    return count ? this.prisma.addressConfiguration.findUnique({ where: { sid } }) : null;
  }

  /** False when the configuration was already gone (a concurrent removal). */
  async delete(sid: string): Promise<boolean> {
    const { count } = await this.prisma.addressConfiguration.deleteMany({ where: { sid } });
    return count > 0;
  }
}
