import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ServicesModule } from '../services/services.module';
import { MediaContentController, MediaController } from './media.controller';
import { MediaCoreModule } from './media-core.module';

/** Twilio's media service routes: upload, metadata, content. */
@Module({
  imports: [ServicesModule, AuthModule, MediaCoreModule],
  controllers: [MediaController, MediaContentController],
})
export class MediaModule {}
