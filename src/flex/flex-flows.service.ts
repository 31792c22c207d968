import { Injectable } from '@nestjs/common';
import { Errors } from '../common/errors';
import { PageRequest, PageSlice, sliceRows } from '../common/paging';
import { normalizeSid } from '../common/sid';
import { sqlState } from '../prisma/database-errors';
import { UnitOfWork } from '../prisma/unit-of-work';
import { ServicesRepository } from '../services/services.repository';
import { resolveFlexFlow } from './flex-flow-rules';
import { CreateFlexFlowDto, UpdateFlexFlowDto } from './flex-flows.dto';
import { FlexFlowsRepository } from './flex-flows.repository';
import type { FlexFlowRecord } from './flex.types';

export const flexFlowPath = (sid?: string) => (sid === undefined ? '/v1/FlexFlows' : `/v1/FlexFlows/${sid}`);

/** Flex Flows of an account: which chat service their channels live in, and where messages go. */
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
    try {
      return await this.uow.run(async (db) => {
        const current = await this.flows.findForUpdate(db, accountSid, normalizeSid(sid));
        if (!current) throw Errors.notFound(flexFlowPath(sid));
        return this.flows.update(db, current.sid, resolveFlexFlow(current, dto));
      });
    } catch (err) {
      if (sqlState(err) === '23503') throw chatServiceUnknown(dto.chatServiceSid ?? '');
      throw err;
    }
  }

  async delete(accountSid: string, sid: string): Promise<void> {
    if (!(await this.flows.delete(accountSid, normalizeSid(sid)))) throw Errors.notFound(flexFlowPath(sid));
  }

  /** ChatServiceSid names a service of the account (another account's is as unknown as a missing one). */
  private async checkChatService(accountSid: string, serviceSid: string): Promise<void> {
    if ((await this.services.ownerOf(serviceSid)) !== accountSid) throw chatServiceUnknown(serviceSid);
  }
}

const chatServiceUnknown = (sid: string) =>
  Errors.invalidParameter(`ChatServiceSid ${sid} is not a chat service of this account: create it with POST /v1/Services first`);
