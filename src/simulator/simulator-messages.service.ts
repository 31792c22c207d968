import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { FormParams } from '../common/form-body';
import { TwilioError } from '../common/twilio-error';
import { newCarrierSid, segmentCount, type SimulatedMessage } from './carrier-wire';
import { callbackPlan, refusalOf } from './fault-rules';
import { FaultRulesStore } from './fault-rules.store';
import { readSendRequest } from './send-request';
import { sleep } from './signed-post';
import { SimulatorInboxStore } from './simulator-inbox.store';
import { StatusCallbacksService } from './status-callbacks.service';

/** What the simulator's Messages API answers a send. */
export type SendOutcome =
  { kind: 'accepted'; message: SimulatedMessage } | { kind: 'refused'; error: TwilioError; retryAfter: number | null };

/** The simulator's Messages API: checks a send as Twilio does, applies a fault rule if one matches, records and reports it. */
@Injectable()
export class SimulatorMessagesService {
  private readonly logger = new Logger(SimulatorMessagesService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly faults: FaultRulesStore,
    private readonly inbox: SimulatorInboxStore,
    private readonly callbacks: StatusCallbacksService,
  ) {}

  async send(accountSid: string, form: FormParams): Promise<SendOutcome> {
    const request = readSendRequest(form);
    const fault = await this.faults.claim({ to: request.to, from: request.from });
    if (fault) this.logger.debug({ fault: fault.sid, action: fault.action }, 'simulator fault applied to a send');
    const refusal = fault ? refusalOf(fault) : null;
    if (refusal)
      return { kind: 'refused', error: new TwilioError(refusal.code, refusal.status, refusal.message), retryAfter: refusal.retryAfter };
    if (fault?.action === 'delay' && fault.delayMs) await sleep(fault.delayMs);

    const now = new Date();
    const message: SimulatedMessage = {
      sid: newCarrierSid(request.mediaUrls.length ? 'MM' : 'SM'),
      accountSid,
      from: request.from,
      to: request.to,
      body: request.body,
      mediaUrls: request.mediaUrls,
      status: 'queued',
      errorCode: null,
      numSegments: segmentCount(request.body),
      dateCreated: now,
      dateUpdated: now,
    };
    await this.inbox.record(message);
    this.callbacks.schedule(message, request.statusCallback, callbackPlan(fault, this.config.simulator));
    // Accepted, but the answer is held: a sender that gives up (or dies) meanwhile never hears the SID.
    if (fault?.action === 'hold_answer' && fault.delayMs) await sleep(fault.delayMs);
    return { kind: 'accepted', message };
  }

  /** Every message the simulator accepted for a recipient. */
  sentTo(to: string): Promise<SimulatedMessage[]> {
    return this.inbox.inbox(to);
  }

  find(sid: string): Promise<SimulatedMessage | null> {
    return this.inbox.find(sid);
  }
}
