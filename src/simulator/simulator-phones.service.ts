import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { AppConfig } from '../config/app-config';
import { CARRIER_SID, inboundWebhookFields, isHttpUrl, mediaContentType, newCarrierSid, type SimulatedMessage } from './carrier-wire';
import { postSignedForm, sleep } from './signed-post';
import type { PhoneMessageDto } from './simulator.dto';
import { SimulatorInboxStore } from './simulator-inbox.store';

/** A carrier tries an inbound webhook this many times when the router answers 5xx or does not answer. */
export const INBOUND_ATTEMPTS = 3;
const RETRY_DELAY_MS = 250;

export interface PhoneTextResult {
  message_sid: string;
  /** The router's last answer; null when it never answered (refused, reset, timeout). */
  webhook_status: number | null;
  attempts: number;
}

/**
 * Simulated phones: a phone texts the router through the same signed webhook a real carrier posts
 * (PUBLIC_URL + /webhooks/twilio/messaging), and reads what the router sent it.
 */
@Injectable()
export class SimulatorPhonesService implements OnApplicationShutdown {
  private readonly logger = new Logger(SimulatorPhonesService.name);
  private readonly shutdown = new AbortController();

  constructor(
    private readonly config: AppConfig,
    private readonly inbox: SimulatorInboxStore,
  ) {}

  /** The phone of a path: `+15551230001` or `whatsapp:+15551230001`. */
  phone(raw: string): string {
    const parsed = parseChannelAddress(raw);
    if ('error' in parsed) throw Errors.invalidParameter(`Phone ${parsed.error}`);
    return parsed.address.value;
  }

  async text(rawPhone: string, dto: PhoneMessageDto): Promise<PhoneTextResult> {
    const from = this.phone(rawPhone);
    const to = parseChannelAddress(dto.to, { allowShortCode: true });
    if ('error' in to) throw new TwilioError(21211, 400, `The 'To' number ${dto.to} is not a valid phone number.`);
    if (to.address.type !== (from.startsWith('whatsapp:') ? 'whatsapp' : 'sms')) {
      throw new TwilioError(21910, 400, 'Invalid From and To pair. From and To should be of the same channel.');
    }
    const mediaUrls = dto.mediaUrls ?? [];
    const body = dto.body ?? '';
    if (body === '' && !mediaUrls.length) throw new TwilioError(21602, 400, 'Message body is required.');
    const badMedia = mediaUrls.find((u) => !isHttpUrl(u));
    if (badMedia !== undefined) throw new TwilioError(21620, 400, `Invalid media URL: ${badMedia}`);
    if (dto.messageSid !== undefined && !CARRIER_SID.test(dto.messageSid)) {
      throw Errors.invalidParameter('MessageSid must be SM or MM followed by 32 hex digits');
    }
    const authToken = this.config.twilio.authToken;
    if (!authToken) throw Errors.unavailable('set TWILIO_AUTH_TOKEN to use the simulator carrier');

    const messageSid = dto.messageSid ?? newCarrierSid(mediaUrls.length ? 'MM' : 'SM');
    const fields = inboundWebhookFields({
      messageSid,
      accountSid: this.config.twilio.accountSid ?? this.config.simulatorAccountSid,
      from,
      to: to.address.value,
      body,
      media: mediaUrls.map((url, i) => ({ url, contentType: dto.mediaContentTypes?.[i] ?? mediaContentType(url) })),
    });
    const url = `${this.config.publicUrl}/webhooks/twilio/messaging`;
    let status: number | null = null;
    let attempts = 0;
    while (attempts < INBOUND_ATTEMPTS && !this.shutdown.signal.aborted) {
      if (attempts > 0) await sleep(RETRY_DELAY_MS * attempts, this.shutdown.signal);
      attempts++;
      const outcome = await postSignedForm(url, fields, authToken, this.shutdown.signal);
      status = outcome.status;
      if (status !== null && status < 500) break;
      this.logger.warn(
        { messageSid, attempt: attempts, answer: outcome.status ?? outcome.error },
        'router did not take a simulated inbound message',
      );
    }
    return { message_sid: messageSid, webhook_status: status, attempts };
  }

  received(rawPhone: string): Promise<SimulatedMessage[]> {
    return this.inbox.inbox(this.phone(rawPhone));
  }

  clear(rawPhone: string): Promise<void> {
    return this.inbox.clear(this.phone(rawPhone));
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }
}
