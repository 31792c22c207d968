import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { PrismaService } from '../prisma/prisma.service';
import type { Db } from '../prisma/unit-of-work';

export interface ProxyAddressRecord {
  address: string;
  accountSid: string;
  channelProvider: string | null;
  sendRatePerSecond: number | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** What an account still does with a proxy address: what keeps it from being moved or released. */
export interface ProxyAddressUse {
  addressConfigurationSid: string | null;
  /** Participants of open conversations holding a binding on it, or projecting it (Group MMS). */
  openParticipants: number;
}

/**
 * proxy_addresses: the owner of each proxy address (and its router settings). A row is written by
 * the first account to configure or use the address and changes hands only by a move.
 */
@Injectable()
export class ProxyAddressesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Claims an address for an account unless it has an owner, and returns its owner. The owner's row
   * is share-locked until the transaction ends, so that a concurrent move or release waits for the
   * binding or configuration being written.
   */
  async claim(db: Db, accountSid: string, address: string): Promise<string> {
    // Twice at most: the owner may release the address between the two statements.
    for (let attempt = 1; ; attempt++) {
      await db.$executeRaw`
        INSERT INTO proxy_addresses (address, account_sid, date_created, date_updated)
        VALUES (${address}, ${accountSid}, now(), now())
        ON CONFLICT (address) DO NOTHING`;
      const [row] = await db.$queryRaw<{ account_sid: string }[]>`
        SELECT account_sid FROM proxy_addresses WHERE address = ${address} FOR SHARE`;
      if (row || attempt === 2) return row?.account_sid ?? '';
    }
  }

  /** Inserts an unowned address with settings for an account; false when it has an owner already. */
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

  /** The row of an address, locked for a change of owner (or its release) until the transaction ends. */
  async lockForChange(db: Db, address: string): Promise<{ accountSid: string } | null> {
    const [row] = await db.$queryRaw<{ account_sid: string }[]>`
      SELECT account_sid FROM proxy_addresses WHERE address = ${address} FOR UPDATE`;
    return row ? { accountSid: row.account_sid } : null;
  }

  /** What an account still does with an address it owns (bindings exist only in open conversations). */
  async useBy(db: Db, accountSid: string, address: string): Promise<ProxyAddressUse> {
    const [row] = await db.$queryRaw<{ configuration: string | null; open_participants: bigint }[]>`
      SELECT (SELECT sid FROM address_configurations WHERE address = ${address} AND account_sid = ${accountSid}) AS configuration,
             (SELECT count(*) FROM messaging_bindings WHERE account_sid = ${accountSid} AND proxy_address = ${address})
           + (SELECT count(*) FROM participants p JOIN conversations c ON c.sid = p.conversation_sid
               WHERE p.account_sid = ${accountSid} AND p.projected_address = ${address} AND c.state <> 'closed') AS open_participants`;
    return { addressConfigurationSid: row.configuration, openParticipants: Number(row.open_participants) };
  }

  list(accountSid: string, page: PageRequest): Promise<ProxyAddressRecord[]> {
    return this.prisma.proxyAddress.findMany({
      where: { accountSid, ...keysetWhere(page, ['dateCreated', 'address']) },
      orderBy: keysetOrder(page, ['dateCreated', 'address']),
      take: page.size + 1,
    });
  }

  update(
    address: string,
    data: { channelProvider?: string; sendRatePerSecond?: number; accountSid?: string },
    db: Db = this.prisma,
  ): Promise<ProxyAddressRecord> {
    return db.proxyAddress.update({ where: { address }, data: { ...data, dateUpdated: new Date() } });
  }

  async delete(db: Db, address: string): Promise<void> {
    await db.proxyAddress.delete({ where: { address } });
  }

  /** How many addresses were shared between accounts before ownership (proxy_address_conflicts). */
  countConflicts(): Promise<number> {
    return this.prisma.proxyAddressConflict.count();
  }
}
