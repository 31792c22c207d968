import { Module } from '@nestjs/common';
import { MediaCoreModule } from './media-core.module';
import { MediaOrphanSweeper } from './media-orphan.sweeper';

/** The worker side of media: the orphan sweep. */
@Module({ imports: [MediaCoreModule], providers: [MediaOrphanSweeper] })
export class MediaWorkerModule {}
