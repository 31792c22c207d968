import { Injectable } from '@nestjs/common';
import type { CarrierCredentials, ChannelAdapter, OutboundMessage, SendResult, StatusUpdate } from '../channel-adapter';
import { parseTwilioStatusCallback, sendThroughMessagesApi } from '../twilio/twilio-messages.client';

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

  parseStatusCallback(form: Record<string, string | string[]>): StatusUpdate | null {
    return parseTwilioStatusCallback(form);
  }
}
