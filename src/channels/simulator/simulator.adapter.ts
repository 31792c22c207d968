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
} from '../twilio/twilio-messages.client';

/**
 * The local carrier for development and tests. The simulator speaks Twilio's Messages API and
 * status callbacks (see src/simulator), so sending to it exercises the same wire as production.
 */
@Injectable()
export class SimulatorAdapter implements ChannelAdapter {
  readonly provider = 'simulator' as const;

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
