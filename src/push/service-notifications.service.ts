import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { type Db, UnitOfWork } from '../prisma/unit-of-work';
import type { ServiceScope } from '../services/services.types';
import { UpdateServiceNotificationsDto } from './push.dto';
import { type InvitedToChannelInput, readNotifications, updateNotifications } from './service-notifications';
import { ServiceNotificationsRepository } from './service-notifications.repository';
import type { ServiceNotificationsRecord } from './push.types';

const path = (serviceSid: string) => `/v1/Services/${serviceSid}/Configuration/Notifications`;

@Injectable()
export class ServiceNotificationsService {
  constructor(
    private readonly notifications: ServiceNotificationsRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async fetch(scope: ServiceScope): Promise<ServiceNotificationsRecord> {
    const stored = await this.notifications.find(scope.accountSid, scope.serviceSid);
    if (!stored) throw Errors.notFound(path(scope.serviceSid));
    return { accountSid: scope.accountSid, serviceSid: scope.serviceSid, notifications: readNotifications(stored.notifications) };
  }

  /** In the caller's transaction when given one (Chat v2's UpdateService). */
  async update(
    scope: ServiceScope,
    dto: UpdateServiceNotificationsDto & InvitedToChannelInput,
    tx?: Db,
  ): Promise<ServiceNotificationsRecord> {
    const run = <T>(work: (db: Db) => Promise<T>) => (tx ? work(tx) : this.uow.run(work));
    return run(async (db) => {
      const stored = await this.notifications.findForUpdate(db, scope.accountSid, scope.serviceSid);
      if (!stored) throw Errors.notFound(path(scope.serviceSid));
      const notifications = updateNotifications(readNotifications(stored.notifications), dto);
      await this.notifications.save(db, scope.serviceSid, notifications);
      return { accountSid: scope.accountSid, serviceSid: scope.serviceSid, notifications };
    });
  }
}
