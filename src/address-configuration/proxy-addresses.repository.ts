import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';

export interface ProxyAddressRecord {
  address: string;
  accountSid: string;
  channelProvider: string | null;
  sendRatePerSecond: number | null;
  dateCreated: Date;
  dateUpdated: Date;
}

@Injectable()
export class ProxyAddressesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Inserts settings unless the address already has some (any account); true when inserted. */
  async create(row: Omit<ProxyAddressRecord, 'dateCreated' | 'dateUpdated'>): Promise<boolean> {
    const { count } = await this.prisma.proxyAddress.createMany({ data: [row], skipDuplicates: true });
    return count === 1;
  }

  findAny(address: string): Promise<ProxyAddressRecord | null> {
    return this.prisma.proxyAddress.findUnique({ where: { address } });
  }

  find(accountSid: string, address: string): Promise<ProxyAddressRecord | null> {
    return this.prisma.proxyAddress.findFirst({ where: { address, accountSid } });
  }

  list(accountSid: string, page: PageRequest): Promise<ProxyAddressRecord[]> {
    return this.prisma.proxyAddress.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'address']) },
      orderBy: keysetOrder(page, ['dateCreated', 'address']),
      take: page.size + 1,
    });
  }

  update(address: string, data: { channelProvider?: string; sendRatePerSecond?: number }): Promise<ProxyAddressRecord> {
    return this.prisma.proxyAddress.update({ where: { address }, data: { ...data, dateUpdated: new Date() } });
  }

  async delete(address: string): Promise<void> {
    await this.prisma.proxyAddress.delete({ where: { address } });
  }
}
