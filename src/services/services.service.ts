import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import type { Db } from '../prisma/unit-of-work';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { TimerPolicy } from '../common/timer-policy';
import { TwilioError } from '../common/twilio-error';
import { InvalidationBus } from '../redis/invalidation-bus';
import { SERVICE_TOPIC } from './service-scope.pipe';
import { ServicesRepository } from './services.repository';
import type {
  AccountConfigurationRecord,
  ChatSettingsInput,
  ChatSettingsRecord,
  ServiceConfigurationInput,
  ServiceConfigurationRecord,
  ServiceRecord,
} from './services.types';
import { UpdateAccountConfigurationDto } from './services.dto';

/** Published when an account's credentials or defaults change, so caches of principals refresh. */
export const ACCOUNT_TOPIC = 'account';

@Injectable()
export class ServicesService {
  constructor(
    private readonly services: ServicesRepository,
    private readonly bus: InvalidationBus,
    private readonly timers: TimerPolicy,
  ) {}

  async create(accountSid: string, friendlyName: string | undefined): Promise<ServiceRecord> {
    if (friendlyName === undefined) throw Errors.friendlyNameRequired();
    return this.services.create(accountSid, friendlyName);
  }

  async list(accountSid: string, page: PageRequest): Promise<PageSlice<ServiceRecord>> {
    return sliceRows(await this.services.list(accountSid, page), page);
  }

  async fetch(accountSid: string, sid: string, path: string): Promise<ServiceRecord> {
    return (await this.services.find(accountSid, sid)) ?? Promise.reject(Errors.notFound(path));
  }

  async delete(accountSid: string, sid: string, path: string): Promise<void> {
    const configuration = await this.services.findAccountConfiguration(accountSid);
    if (configuration?.defaultChatServiceSid === sid) {
      throw new TwilioError(
        20001,
        400,
        `Service ${sid} is the account's default Conversation Service; set another DefaultChatServiceSid on /v1/Configuration before deleting it`,
      );
    }
    if (!(await this.services.delete(accountSid, sid))) throw Errors.notFound(path);
    await this.bus.publish(SERVICE_TOPIC, sid);
  }

  async fetchConfiguration(accountSid: string, sid: string, path: string): Promise<ServiceConfigurationRecord> {
    return (await this.services.findConfiguration(accountSid, sid)) ?? Promise.reject(Errors.notFound(path));
  }

  async updateConfiguration(
    accountSid: string,
    sid: string,
    dto: ServiceConfigurationInput,
    path: string,
    db?: Db,
  ): Promise<ServiceConfigurationRecord> {
    const wanted: [string | undefined, 'conversation' | 'service'][] = [
      [dto.defaultConversationCreatorRoleSid, 'conversation'],
      [dto.defaultConversationRoleSid, 'conversation'],
      [dto.defaultChatServiceRoleSid, 'service'],
    ];
    const sids = wanted.map(([s]) => s).filter((s): s is string => s !== undefined);
    if (sids.length) {
      const roles = new Map((await this.services.rolesOf(sid, sids, db)).map((r) => [r.sid, r.type]));
      for (const [roleSid, type] of wanted) {
        if (roleSid === undefined) continue;
        if (!roles.has(roleSid)) throw new TwilioError(50100, 400, `Role ${roleSid} not found in service ${sid}`);
        if (roles.get(roleSid) !== type) {
          throw new TwilioError(50105, 400, `Role ${roleSid} is a ${roles.get(roleSid)} role; a ${type} role is needed here`);
        }
      }
    }
    const updated = await this.services.updateConfiguration(
      accountSid,
      sid,
      {
        defaultConversationCreatorRoleSid: dto.defaultConversationCreatorRoleSid,
        defaultConversationRoleSid: dto.defaultConversationRoleSid,
        defaultChatServiceRoleSid: dto.defaultChatServiceRoleSid,
        reachabilityEnabled: dto.reachabilityEnabled,
      },
      db,
    );
    return updated ?? Promise.reject(Errors.notFound(path));
  }

  /** Chat v2's view of a service: its settings with roles and reachability. */
  async fetchChatSettings(accountSid: string, sid: string, path: string): Promise<ChatSettingsRecord> {
    return (await this.services.findChatSettings(accountSid, sid)) ?? Promise.reject(Errors.notFound(path));
  }

  async updateChatSettings(accountSid: string, sid: string, input: ChatSettingsInput, path: string, db?: Db): Promise<void> {
    if (!(await this.services.updateChatSettings(accountSid, sid, input, db))) throw Errors.notFound(path);
  }

  async fetchAccountConfiguration(accountSid: string): Promise<AccountConfigurationRecord> {
    const configuration = await this.services.findAccountConfiguration(accountSid);
    if (!configuration) throw Errors.notFound('/v1/Configuration');
    return configuration;
  }

  async updateAccountConfiguration(accountSid: string, dto: UpdateAccountConfigurationDto): Promise<AccountConfigurationRecord> {
    if (dto.defaultInactiveTimer !== undefined) this.timers.inactive(dto.defaultInactiveTimer);
    if (dto.defaultClosedTimer !== undefined) this.timers.closed(dto.defaultClosedTimer);
    if (dto.defaultChatServiceSid !== undefined && !(await this.services.find(accountSid, dto.defaultChatServiceSid))) {
      throw new TwilioError(50050, 404, `Service ${dto.defaultChatServiceSid} not found in this account`);
    }
    const updated = await this.services.updateAccountConfiguration(accountSid, {
      defaultChatServiceSid: dto.defaultChatServiceSid,
      defaultMessagingServiceSid: dto.defaultMessagingServiceSid,
      defaultInactiveTimer: dto.defaultInactiveTimer,
      defaultClosedTimer: dto.defaultClosedTimer,
    });
    if (dto.defaultChatServiceSid !== undefined) await this.bus.publish(ACCOUNT_TOPIC, accountSid);
    return updated;
  }
}
