import { Injectable } from '@nestjs/common';
import type {
  CarrierCredentials,
  CarrierMessage,
  ChannelAdapter,
  OutboundMessage,
  SendResult,
  SentQuery,
  StatusUpdate,
} from '../channel-adapter';
import {
  fetchStatusThroughMessagesApi,
  listSentThroughMessagesApi,
  parseTwilioStatusCallback,
  sendThroughMessagesApi,
} from './twilio-messages.client';

/** Twilio as the carrier: Programmable Messaging through the official `twilio` package. */
@Injectable()
export class TwilioAdapter implements ChannelAdapter {
  readonly provider = 'twilio' as const;

  send(message: OutboundMessage, credentials: CarrierCredentials): Promise<SendResult> {
    return sendThroughMessagesApi(message, credentials);
  }

  findSent(query: SentQuery, credentials: CarrierCredentials): Promise<CarrierMessage[]> {
    return listSentThroughMessagesApi(query, credentials);
  }

  fetchStatus(channelMessageSid: string, credentials: CarrierCredentials): Promise<StatusUpdate> {
    return fetchStatusThroughMessagesApi(channelMessageSid, credentials);
  }

  parseStatusCallback(form: Record<string, string | string[]>): StatusUpdate | null {
    return parseTwilioStatusCallback(form);
  }
}
