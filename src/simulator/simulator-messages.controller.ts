import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { Errors } from '../common/errors';
import type { FormParams } from '../common/form-body';
import type { RouterRequest } from '../common/request-context';
import { AppConfig } from '../config/app-config';
import { type MessageResource, messageResource } from './carrier-wire';
import { type MessagePage, messagePage, readMessageListQuery } from './message-list';
import { SimulatorMessagesService } from './simulator-messages.service';
import { carrierAccountSid, SimulatorGuard } from './simulator.guard';

const path = (req: RouterRequest) => req.url.split('?')[0];

/**
 * Twilio's Messages API, as the simulator carrier: point a Twilio client (or the router's
 * `simulator` adapter) at PUBLIC_URL/simulator. The form is read as Twilio reads it, so other
 * Twilio fields are accepted and ignored rather than refused.
 */
@Controller('simulator/2010-04-01/Accounts/:AccountSid')
@Public()
@UseGuards(SimulatorGuard)
export class SimulatorMessagesController {
  constructor(
    private readonly messages: SimulatorMessagesService,
    private readonly config: AppConfig,
  ) {}

  private checkAccount(accountSid: string, req: RouterRequest): string {
    if (accountSid !== carrierAccountSid(this.config)) throw Errors.notFound(path(req));
    return accountSid;
  }

  @Post('Messages.json')
  async send(
    @Param('AccountSid') accountSid: string,
    @Body() form: FormParams | undefined,
    @Req() req: RouterRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MessageResource> {
    const outcome = await this.messages.send(this.checkAccount(accountSid, req), form ?? {});
    if (outcome.kind === 'accepted') return messageResource(outcome.message);
    if (outcome.retryAfter !== null) void reply.header('retry-after', String(outcome.retryAfter));
    throw outcome.error;
  }

  /** The Message list by recipient (To, From, DateSent>=, paging), as a worker asks after an interrupted send. */
  @Get('Messages.json')
  async list(
    @Param('AccountSid') accountSid: string,
    @Query() query: Record<string, unknown>,
    @Req() req: RouterRequest,
  ): Promise<MessagePage> {
    const account = this.checkAccount(accountSid, req);
    const filter = readMessageListQuery(query ?? {});
    return messagePage(account, await this.messages.sentTo(filter.to), filter);
  }

  @Get('Messages/:Sid.json')
  async fetch(@Param('AccountSid') accountSid: string, @Param('Sid') sid: string, @Req() req: RouterRequest): Promise<MessageResource> {
    const message = await this.messages.find(sid);
    if (!message || message.accountSid !== this.checkAccount(accountSid, req)) throw Errors.notFound(path(req));
    return messageResource(message);
  }
}
