import { Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed';
import { EventsQueue } from './events.queue';
import { FeedPublisher } from './feed-publisher';

/**
 * The change feed (docs/change-feed.md): below the domain modules, which record their changes
 * through ChangeFeed; webhooks and the realtime projection read what it publishes.
 */
@Module({
  providers: [ChangeFeed, FeedPublisher, EventsQueue],
  exports: [ChangeFeed, FeedPublisher, EventsQueue],
})
export class EventsModule {}
