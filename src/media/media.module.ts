import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuthModule } from '../auth/auth.module';
import { ServicesModule } from '../services/services.module';
import { MediaContentController, MediaController, MediaSetController } from './media.controller';
import { MediaCoreModule } from './media-core.module';
import { registerMediaCors } from './media-cors';
import { MediaMapper } from './media.mapper';

/** Twilio's media service routes: upload, metadata, MediaSet, content; CORS for browsers. */
@Module({
  imports: [ServicesModule, AuthModule, MediaCoreModule],
  controllers: [MediaController, MediaSetController, MediaContentController],
  providers: [MediaMapper],
})
export class MediaModule implements OnModuleInit {
  constructor(private readonly http: HttpAdapterHost) {}

  onModuleInit(): void {
    registerMediaCors(this.http.httpAdapter.getInstance<FastifyInstance>());
  }
}
