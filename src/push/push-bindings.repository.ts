import { Injectable } from '@nestjs/common';
import { PageRequest } from '../common/paging';
import { keysetOrder, keysetWhere } from '../prisma/keyset';
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

  async delete(accountSid: string, serviceSid: string, sid: string): Promise<boolean> {
    const { count } = await this.prisma.pushBinding.deleteMany({ where: { sid, accountSid, serviceSid } });
    return count > 0;
  }
}
