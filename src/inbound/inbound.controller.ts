import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { ChannelRegistry } from '../channels/channel-registry';
import { parseChannelAddress } from '../common/channel-address';
import { Errors } from '../common/errors';
import type { FormParams } from '../common/form-body';
import { DeliveryStatusService } from '../delivery/delivery-status.service';
import { InboundService } from './inbound.service';
import type { InboundMessage } from './inbound.types';
import { TwilioSignatureGuard } from './twilio-signature.guard';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Carrier webhooks, signed with X-Twilio-Signature. The answer is 200 with empty TwiML only once the
 * message is committed; anything else is a 5xx, so that the carrier retries.
 */
@Controller('webhooks/twilio')
@Public()
@UseGuards(TwilioSignatureGuard)
export class InboundController {
  constructor(
    private readonly inbound: InboundService,
    private readonly statuses: DeliveryStatusService,
    private readonly channels: ChannelRegistry,
  ) {}

  @Post('messaging')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  async messaging(@Body() form: FormParams): Promise<string> {
    await this.inbound.receive(readInbound(form));
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  async status(@Body() form: FormParams): Promise<string> {
    const update = this.channels.adapter('twilio').parseStatusCallback(form ?? {});
    if (update) await this.statuses.apply(update);
    return EMPTY_TWIML;
  }
}

const one = (form: FormParams, name: string): string | undefined => {
  const value = form?.[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Twilio's inbound fields: From, To, Body, MessageSid (SmsMessageSid, SmsSid), NumMedia, MediaUrlN, MediaContentTypeN. */
function readInbound(form: FormParams): InboundMessage {
  const address = (name: 'From' | 'To') => {
    const raw = one(form, name);
    if (!raw) throw Errors.invalidParameter(`${name} is required`);
    const parsed = parseChannelAddress(raw, { allowShortCode: true });
    if ('error' in parsed) throw Errors.invalidParameter(`${name} ${parsed.error}`);
    return parsed.address.value;
  };
  const messageSid = one(form, 'MessageSid') ?? one(form, 'SmsMessageSid') ?? one(form, 'SmsSid');
  if (!messageSid || messageSid.length > 64) throw Errors.invalidParameter('MessageSid is required');
  const numMedia = Math.min(Number(one(form, 'NumMedia') ?? 0) || 0, 10);
  const media = Array.from({ length: numMedia }, (_, i) => ({ url: one(form, `MediaUrl${i}`) ?? '', contentType: one(form, `MediaContentType${i}`) ?? null })).filter(
    (m) => m.url,
  );
  return { messageSid, from: address('From'), to: address('To'), body: one(form, 'Body') ?? '', media };
}
