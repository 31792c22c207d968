import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { normalizeSid } from '../common/sid';
import { TwilioError } from '../common/twilio-error';
import { isUniqueViolation, sqlState } from '../prisma/database-errors';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import { resolveFlexFlow } from './flex-flow-rules';
import { CreateFlexFlowDto, UpdateFlexFlowDto } from './flex-flows.dto';
import { FlexFlowsRepository } from './flex-flows.repository';
import type { FlexFlowRecord, FlexFlowWrite } from './flex.types';

export const flexFlowPath = (sid?: string) => (sid === undefined ? '/v1/FlexFlows' : `/v1/FlexFlows/${sid}`);

/**
 * Flex Flows of an account: which chat service their channels live in, and where messages go. As on
 * Twilio, one enabled flow at most serves a contact identity on a channel type (45210); the unique
 * index flex_flows_enabled_contact_key decides, so two concurrent writes cannot both pass.
 */
@Injectable()
export class FlexFlowsService {
  constructor(
    private readonly flows: FlexFlowsRepository,
    private readonly services: ServicesRepository,
    private readonly uow: UnitOfWork,
  ) {}

  async create(accountSid: string, dto: CreateFlexFlowDto): Promise<FlexFlowRecord> {
    const flow = resolveFlexFlow(null, dto);
    await this.checkChatService(accountSid, flow.chatServiceSid);
    try {
      return await this.flows.insert(accountSid, flow);
    } catch (err) {
      // The service was deleted between the check and the insert.
      if (sqlState(err) === '23503') throw chatServiceUnknown(flow.chatServiceSid);
      if (isUniqueViolation(err)) throw await this.contactTaken(accountSid, flow, 'creation');
      throw err;
    }
  }

  async fetch(accountSid: string, sid: string): Promise<FlexFlowRecord> {
    const flow = await this.flows.find(accountSid, normalizeSid(sid));
    if (!flow) throw Errors.notFound(flexFlowPath(sid));
    return flow;
  }

  async list(accountSid: string, filter: { friendlyName?: string }, page: PageRequest): Promise<PageSlice<FlexFlowRecord>> {
    return sliceRows(await this.flows.list(accountSid, filter, page), page);
  }

  async update(accountSid: string, sid: string, dto: UpdateFlexFlowDto): Promise<FlexFlowRecord> {
    if (Object.values(dto).every((v) => v === undefined)) throw Errors.noParametersForUpdate();
    if (dto.chatServiceSid !== undefined) await this.checkChatService(accountSid, dto.chatServiceSid);
    let next: FlexFlowWrite | undefined;
    try {
      return await this.uow.run(async (db) => {
        const current = await this.flows.findForUpdate(db, accountSid, normalizeSid(sid));
        if (!current) throw Errors.notFound(flexFlowPath(sid));
        next = resolveFlexFlow(current, dto);
        return this.flows.update(db, current.sid, next);
      });
    } catch (err) {
      if (sqlState(err) === '23503') throw chatServiceUnknown(dto.chatServiceSid ?? '');
      if (isUniqueViolation(err) && next) throw await this.contactTaken(accountSid, next, 'update');
      throw err;
    }
  }

  async delete(accountSid: string, sid: string): Promise<void> {
    if (!(await this.flows.delete(accountSid, normalizeSid(sid)))) throw Errors.notFound(flexFlowPath(sid));
  }

  /** 45210, naming the enabled flow that serves the contact identity (read after the failed write, which it won). */
  private async contactTaken(accountSid: string, flow: FlexFlowWrite, what: 'creation' | 'update'): Promise<TwilioError> {
    const holder = flow.contactIdentity && (await this.flows.findEnabledByContact(accountSid, flow.channelType, flow.contactIdentity));
    return flowContactTaken(what, flow, holder ? holder.sid : null);
  }

  /** ChatServiceSid names a service of the account (another account's is as unknown as a missing one). */
  private async checkChatService(accountSid: string, serviceSid: string): Promise<void> {
    if ((await this.services.ownerOf(serviceSid)) !== accountSid) throw chatServiceUnknown(serviceSid);
  }
}

const chatServiceUnknown = (sid: string) =>
  Errors.invalidParameter(`ChatServiceSid ${sid} is not a chat service of this account: create it with POST /v1/Services first`);

/** Twilio's 45210 (Flex Flow creation failed: collided with an existing flow), for creates and updates alike. */
const flowContactTaken = (what: 'creation' | 'update', flow: FlexFlowWrite, holderSid: string | null) =>
  new TwilioError(
    45210,
    400,
    `Flex Flow ${what} failed: ${holderSid ? `the enabled Flex Flow ${holderSid}` : 'another enabled Flex Flow'} already serves ` +
      `ContactIdentity ${flow.contactIdentity} on ChannelType ${flow.channelType}, and only one enabled flow may serve a contact ` +
      'identity on a channel type: disable it first, or set Enabled=false on this one (an outbound flow)',
  );
