import { Module } from '@nestjs/common';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { DeliveryQueue } from './delivery.queue';
import { DeliveryStateRepository } from './delivery-state.repository';
import { DeliveryStatusService } from './delivery-status.service';

/** The API side of delivery: enqueue after commit, apply carrier status callbacks. */
@Module({
  imports: [WebhookEventsModule],
  providers: [DeliveryQueue, DeliveryStateRepository, DeliveryStatusService],
  exports: [DeliveryQueue, DeliveryStatusService],
})
export class DeliveryModule {}
