import { Module } from '@nestjs/common';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { ChannelsModule } from '../channels/channels.module';
import { MediaCoreModule } from '../media/media-core.module';
import { DeliveryProcessor } from './delivery.processor';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryService } from './delivery.service';
import { DeliveryStateRepository } from './delivery-state.repository';
import { OutboxSweeper } from './outbox.sweeper';
import { SendRateLimiter } from './send-rate.limiter';
import { DeliveryStatusService } from './delivery-status.service';
import { StatusChecker } from './status-checker';

/** The worker side of delivery: send, retry, keep order and rate, sweep the outbox, check statuses whose callbacks never came. */
@Module({
  imports: [ChannelsModule, WebhookEventsModule, MediaCoreModule],
  providers: [
    DeliveryQueue,
    DeliveryStateRepository,
    DeliveryService,
    DeliveryProcessor,
    OutboxSweeper,
    SendRateLimiter,
    DeliveryStatusService,
    StatusChecker,
  ],
})
export class DeliveryWorkerModule {}
