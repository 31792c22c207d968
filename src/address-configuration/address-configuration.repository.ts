import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { isSid, newSid, normalizeSid, SidPrefix } from '../common/sid';
import type { Prisma } from '../generated/prisma/client';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { AddressConfigurationRecord } from './address-configuration.types';

export type AddressConfigurationWrite = Omit<AddressConfigurationRecord, 'sid' | 'accountSid' | 'dateCreated' | 'dateUpdated'>;

/** `where` for a configuration named by IG SID or by its address (an alias in paths). */
function configurationWhere(accountSid: string, id: string): Prisma.AddressConfigurationWhereInput {
  return isSid(id, SidPrefix.AddressConfiguration) ? { accountSid, sid: normalizeSid(id) } : { accountSid, address: id };
}

@Injectable()
export class AddressConfigurationRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts a configuration; null when the address is already configured (by any account). */
  async create(accountSid: string, data: AddressConfigurationWrite): Promise<AddressConfigurationRecord | null> {
    const sid = newSid(SidPrefix.AddressConfiguration);
    const { count } = await this.prisma.addressConfiguration.createMany({ data: [{ ...data, sid, accountSid }], skipDuplicates: true });
    return count ? this.prisma.addressConfiguration.findUnique({ where: { sid } }) : null;
  }

  find(accountSid: string, id: string): Promise<AddressConfigurationRecord | null> {
    return this.prisma.addressConfiguration.findFirst({ where: configurationWhere(accountSid, id) });
  }

  /** The configuration of an address, whatever the account (inbound routing). */
  findByAddress(address: string): Promise<AddressConfigurationRecord | null> {
    return this.prisma.addressConfiguration.findUnique({ where: { address } });
  }

  list(accountSid: string, type: string | undefined, page: PageRequest): Promise<AddressConfigurationRecord[]> {
    return this.prisma.addressConfiguration.findMany({
      where: { accountSid, ...(type ? { type } : {}), ...keysetWhere(page, ['dateCreated', 'sid']) },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
    });
  }

  async update(sid: string, data: Partial<AddressConfigurationWrite>): Promise<AddressConfigurationRecord> {
    return this.prisma.addressConfiguration.update({ where: { sid }, data: { ...data, dateUpdated: new Date() } });
  }

  async delete(sid: string): Promise<void> {
    await this.prisma.addressConfiguration.delete({ where: { sid } });
  }
}
