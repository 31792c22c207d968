import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WebhookEventsModule } from '../webhooks/webhook-events.module';
import { LocalDiskStorage, MEDIA_STORAGE } from './media-storage';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';

/** Media storage and rules, for the API and the worker alike. */
@Module({
  imports: [WebhookEventsModule],
  providers: [
    MediaRepository,
    MediaService,
    { provide: MEDIA_STORAGE, inject: [AppConfig], useFactory: (config: AppConfig) => new LocalDiskStorage(config.media.dir) },
  ],
  exports: [MediaService],
})
export class MediaCoreModule {}
