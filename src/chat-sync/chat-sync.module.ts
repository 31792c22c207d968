import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { RolesModule } from '../roles/roles.module';
import { CdsHandler } from './cds.handler';
import { SyncProjection } from './sync-projection';
import { SyncStore } from './sync-store';
import { SyncSubscriptions } from './sync-subscriptions';

/**
 * The Sync (CDS) projection the chat SDKs read over their socket: documents, lists and maps derived
 * from conversations and users, subscriptions with replay, and live delivery from the change feed
 * (docs/change-feed.md). API role only.
 */
@Module({
  imports: [RealtimeModule, RolesModule],
  providers: [SyncStore, SyncProjection, SyncSubscriptions, CdsHandler],
})
export class ChatSyncModule {}
