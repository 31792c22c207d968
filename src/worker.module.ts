import { Module } from '@nestjs/common';
import { ConversationsWorkerModule } from './conversations/conversations-worker.module';
import { CoreModule } from './core.module';
import { DeliveryWorkerModule } from './delivery/delivery-worker.module';
import { HealthModule } from './health/health.module';
import { MediaWorkerModule } from './media/media-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** The worker role: BullMQ processors for the delivery, webhooks and timers queues; periodic sweeps; readiness. */
@Module({ imports: [CoreModule, DeliveryWorkerModule, WebhooksWorkerModule, ConversationsWorkerModule, MediaWorkerModule, HealthModule] })
export class WorkerModule {}
