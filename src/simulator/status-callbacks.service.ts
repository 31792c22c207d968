import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { type SimulatedMessage, statusCallbackFields } from './carrier-wire';
import type { CallbackPlan, CallbackStep } from './fault-rules';
import { isSuccess, postSignedForm, sleep } from './signed-post';
import { SimulatorInboxStore } from './simulator-inbox.store';

/** A failed callback is posted again this many times (so at most 3 posts per callback). */
export const CALLBACK_RETRIES = 2;
const RETRY_DELAY_MS = 200;

/**
 * Reports the statuses of accepted sends: updates the recipient's inbox and POSTs a signed status
 * callback to the send's StatusCallback, as Twilio does. Fire-and-forget timers in the process that
 * accepted the send: a restart of that process loses the callbacks still pending (the router's
 * receipts of those messages stay at their last status).
 */
@Injectable()
export class StatusCallbacksService implements OnApplicationShutdown {
  private readonly logger = new Logger(StatusCallbacksService.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly inbox: SimulatorInboxStore,
    private readonly config: AppConfig,
  ) {}

  schedule(message: SimulatedMessage, callbackUrl: string | null, plan: CallbackPlan): void {
    for (const step of plan.steps) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.report(message, callbackUrl, step, plan.copies);
      }, step.afterMs);
      this.timers.add(timer);
    }
  }

  private async report(message: SimulatedMessage, callbackUrl: string | null, step: CallbackStep, copies: number): Promise<void> {
    try {
      await this.inbox.setStatus(message.sid, step.status, step.errorCode);
      const authToken = this.config.twilio.authToken;
      if (!callbackUrl || !authToken) return;
      const fields = statusCallbackFields(message, step.status, step.errorCode);
      for (let copy = 0; copy < copies && !this.shutdown.signal.aborted; copy++)
        await this.post(callbackUrl, fields, authToken, message.sid);
    } catch (err) {
      this.logger.warn(
        { messageSid: message.sid, status: step.status, err: (err as Error).message },
        'simulator could not report a status',
      );
    }
  }

  private async post(url: string, fields: Record<string, string>, authToken: string, messageSid: string): Promise<void> {
    for (let attempt = 1; attempt <= 1 + CALLBACK_RETRIES; attempt++) {
      if (this.shutdown.signal.aborted) return;
      const outcome = await postSignedForm(url, fields, authToken, this.shutdown.signal);
      if (isSuccess(outcome)) return;
      this.logger.warn(
        { messageSid, status: fields.MessageStatus, attempt, answer: outcome.status ?? outcome.error },
        'simulator status callback failed',
      );
      if (attempt <= CALLBACK_RETRIES) await sleep(RETRY_DELAY_MS * attempt, this.shutdown.signal);
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.shutdown.abort();
  }
}
