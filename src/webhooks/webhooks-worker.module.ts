import { Module } from '@nestjs/common';
import { WebhookEventsModule } from './webhook-events.module';
import { WebhookEventsRepository } from './webhook-events.repository';
import { WebhooksProcessor } from './webhooks.processor';

/** The worker side: dispatch events to their targets, send them signed, retry, sweep the outbox. */
@Module({ imports: [WebhookEventsModule], providers: [WebhookEventsRepository, WebhooksProcessor] })
export class WebhooksWorkerModule {}
