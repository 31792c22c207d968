import { Injectable, Logger } from '@nestjs/common';
import type { StatusUpdate } from '../channels/channel-adapter';
import { DeliveryStateRepository } from './delivery-state.repository';
import { ChangeFeed } from '../events/change-feed';
import { eventsOf } from './delivery-status.sql';
import { RouterMetrics } from '../observability/router-metrics';

/** Carrier status callbacks: move the receipt of a channel message SID forward, never back. */
@Injectable()
export class DeliveryStatusService {
  private readonly logger = new Logger(DeliveryStatusService.name);

  constructor(
    private readonly state: DeliveryStateRepository,
    private readonly feed: ChangeFeed,
    private readonly metrics: RouterMetrics,
  ) {}

  async apply(update: StatusUpdate): Promise<void> {
    if (update.status === null) return;
    this.metrics.deliveryStatuses.inc({ status: update.status, error_code: update.errorCode === null ? '' : String(update.errorCode) });
    const change = await this.state.applyStatus(update.channelMessageSid, update.status, update.errorCode);
    if (typeof change === 'object') await this.feed.written(eventsOf([change]));
    if (change === 'unknown') {
      // The carrier was faster than our record of its SID: keep the callback, then check once more
      // in case the SID was stored meanwhile (whichever side comes second applies it).
      await this.state.keepPending(update.channelMessageSid, update.status, update.errorCode);
      const applied = await this.state.consumePending(update.channelMessageSid);
      await this.feed.written(eventsOf(applied));
      this.logger.debug({ channelMessageSid: update.channelMessageSid, status: update.status }, 'status kept until its send is recorded');
    }
  }
}
