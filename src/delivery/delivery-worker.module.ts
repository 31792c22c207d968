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

/** The worker side of delivery: send, retry, keep order and rate, sweep the outbox. */
@Module({
  imports: [ChannelsModule, WebhookEventsModule, MediaCoreModule],
  providers: [DeliveryQueue, DeliveryStateRepository, DeliveryService, DeliveryProcessor, OutboxSweeper, SendRateLimiter],
})
export class DeliveryWorkerModule {}
