import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { listBody, pageRequest } from '../common/paging';
import { CurrentList, type ListLocation, WebhookEnabled } from '../common/request-context';
import { restContext } from '../events/event-types';
import { dateSidKey } from '../prisma/keyset';
import { Scope } from '../services/service-scope.pipe';
import type { ServiceScope } from '../services/services.types';
import { UserConversationsService } from '../users/user-conversations.service';
import { ChatV2ErrorsInterceptor } from './chat-v2-errors.interceptor';
import { ChatPageQuery, UpdateUserChannelDto } from './chat-v2.dto';
import { ChatV2Mapper } from './chat-v2.mapper';
import { UserChannelsService } from './user-channels.service';

/** /v2/Services/{IS}/Users/{US}/Channels: the channels a user is a member of (joined) or invited to. */
@Controller('v2/Services/:ChatServiceSid/Users/:UserSid/Channels')
@UseInterceptors(ChatV2ErrorsInterceptor)
export class UserChannelsController {
  constructor(
    private readonly userConversations: UserConversationsService,
    private readonly userChannels: UserChannelsService,
    private readonly mapper: ChatV2Mapper,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Query() query: ChatPageQuery,
    @CurrentList() location: ListLocation,
  ) {
    const req = pageRequest(query, 50, 2);
    const slice = await this.userConversations.list(scope, userId, req);
    return listBody({
      key: 'channels',
      origin: this.config.publicUrl,
      location,
      req,
      slice,
      map: (record) => this.mapper.userChannel({ status: 'joined', record }),
      cursorOf: (r) => dateSidKey(r.participant),
    });
  }

  @Get(':ChannelSid')
  async fetch(@Scope() scope: ServiceScope, @Param('UserSid') userId: string, @Param('ChannelSid') channel: string) {
    return this.mapper.userChannel(await this.userChannels.fetch(scope, userId, channel));
  }

  @Post(':ChannelSid')
  @HttpCode(200)
  async update(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Param('ChannelSid') channel: string,
    @Body() dto: UpdateUserChannelDto,
  ) {
    const record = await this.userConversations.update(
      scope,
      userId,
      channel,
      {
        notificationLevel: dto.notificationLevel,
        lastReadMessageIndex: dto.lastConsumedMessageIndex,
        lastReadTimestamp: dto.lastConsumptionTimestamp,
      },
      restContext(false),
    );
    return this.mapper.userChannel({ status: 'joined', record });
  }

  @Delete(':ChannelSid')
  @HttpCode(204)
  async delete(
    @Scope() scope: ServiceScope,
    @Param('UserSid') userId: string,
    @Param('ChannelSid') channel: string,
    @WebhookEnabled() webhooks: boolean,
  ): Promise<void> {
    await this.userConversations.delete(scope, userId, channel, restContext(webhooks));
  }
}
