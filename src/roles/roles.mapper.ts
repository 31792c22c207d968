import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { v1Path } from '../common/v1-paths';
import { isoDate } from '../common/wire-format';
import type { ServiceScope } from '../services/services.types';
import type { RoleRecord } from './roles.types';

@Injectable()
export class RolesMapper {
  constructor(private readonly config: AppConfig) {}

  role(r: RoleRecord, scope: Pick<ServiceScope, 'scoped' | 'serviceSid'>) {
    return {
      sid: r.sid,
      account_sid: r.accountSid,
      chat_service_sid: r.serviceSid,
      friendly_name: r.friendlyName,
      type: r.type,
      permissions: r.permissions,
      date_created: isoDate(r.dateCreated),
      date_updated: isoDate(r.dateUpdated),
      url: this.config.publicUrl + v1Path(scope, 'Roles', r.sid),
    };
  }
}
