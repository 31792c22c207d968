import { Module } from '@nestjs/common';
import { ConversationsWorkerModule } from './conversations/conversations-worker.module';
import { CoreModule } from './core.module';
import { DeliveryWorkerModule } from './delivery/delivery-worker.module';
import { WebhooksWorkerModule } from './webhooks/webhooks-worker.module';

/** The worker role: BullMQ processors for the delivery, webhooks and timers queues. */
@Module({ imports: [CoreModule, DeliveryWorkerModule, WebhooksWorkerModule, ConversationsWorkerModule] })
export class WorkerModule {}
