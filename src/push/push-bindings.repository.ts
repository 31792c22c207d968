import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
import { newSid, SidPrefix } from '../common/sid';
import { PrismaService } from '../prisma/prisma.service';
import type { PushBindingFilter, PushBindingRecord } from './push.types';

const BINDING_FIELDS = {
  sid: true,
  accountSid: true,
  serviceSid: true,
  credentialSid: true,
  endpoint: true,
  identity: true,
  bindingType: true,
  messageTypes: true,
  dateCreated: true,
  dateUpdated: true,
} as const;

/** Push bindings of a service (registered by the SDKs; REST reads and deletes them). */
@Injectable()
export class PushBindingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(accountSid: string, serviceSid: string, sid: string): Promise<PushBindingRecord | null> {
    return this.prisma.pushBinding.findFirst({ where: { sid, accountSid, serviceSid }, select: BINDING_FIELDS });
  }

  list(accountSid: string, serviceSid: string, filter: PushBindingFilter, page: PageRequest): Promise<PushBindingRecord[]> {
    return this.prisma.pushBinding.findMany({
      where: {
        accountSid,
        serviceSid,
        ...(filter.bindingTypes?.length ? { bindingType: { in: filter.bindingTypes } } : {}),
        ...(filter.identities?.length ? { identity: { in: filter.identities } } : {}),
        ...keysetWhere(page, ['dateCreated', 'sid']),
      },
      orderBy: keysetOrder(page, ['dateCreated', 'sid']),
      take: page.size + 1,
      select: BINDING_FIELDS,
    });
  }

  /**
   * The binding of a device token (one per service and type): created, or taken over by the identity
   * that registers it now (the device changed hands). Returns its SID and the identity it had before.
   */
  async register(binding: {
    accountSid: string;
    serviceSid: string;
    identity: string;
    bindingType: string;
    endpoint: string;
    address: string;
    messageTypes: string[];
  }): Promise<{ sid: string; previousIdentity: string | null }> {
    const { accountSid, serviceSid, identity, bindingType, endpoint, address, messageTypes } = binding;
    const previous = await this.prisma.pushBinding.findUnique({
      where: { serviceSid_endpoint_bindingType: { serviceSid, endpoint, bindingType } },
      select: { identity: true },
    });
    const row = await this.prisma.pushBinding.upsert({
      where: { serviceSid_endpoint_bindingType: { serviceSid, endpoint, bindingType } },
      create: { sid: newSid(SidPrefix.PushBinding), accountSid, serviceSid, identity, bindingType, endpoint, address, messageTypes },
      update: { identity, address, messageTypes, dateUpdated: new Date() },
      select: { sid: true },
    });
    return { sid: row.sid, previousIdentity: previous?.identity ?? null };
  }

  /** Deletes an identity's own binding by SID; false when it has none such. */
  async deleteOwn(serviceSid: string, identity: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.pushBinding.deleteMany({ where: { sid, serviceSid, identity } });
    return count > 0;
  }

  /** Deletes an identity's own bindings of a device token; how many. */
  async deleteOwnAddress(serviceSid: string, identity: string, bindingType: string, address: string): Promise<number> {
    const { count } = await this.prisma.pushBinding.deleteMany({ where: { serviceSid, identity, bindingType, address } });
    return count;
  }

  /** Deletes a binding; the identity it had, or null when there was none such. */
  async delete(accountSid: string, serviceSid: string, sid: string): Promise<string | null> {
    const [row] = await this.prisma.$queryRaw<{ identity: string }[]>`
      DELETE FROM push_bindings WHERE sid = ${sid} AND account_sid = ${accountSid} AND service_sid = ${serviceSid} RETURNING identity`;
    return row?.identity ?? null;
  }
}
