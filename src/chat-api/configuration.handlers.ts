import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { userSyncSids } from '../events/sync-sids';
import { MAX_MEDIA_PER_MESSAGE } from '../media/media.service';
import { ServicesService } from '../services/services.service';
import { type AimCall, ok } from './chat-api.call';
import { TYPING_TIMEOUT_SECONDS } from './typing.service';

/** Twilio's default report interval; the SDK parses it and never uses it. */
const CONSUMPTION_REPORT_INTERVAL = 'PT5S';
/** How many other users' info maps the SDK keeps subscribed (FIFO), Twilio's default. */
const USER_INFOS_TO_SUBSCRIBE = 100;

/** A1 Configuration (docs/sdk-wire.md 2.4) and A34 content templates. */
@Injectable()
export class ConfigurationHandlers {
  constructor(
    private readonly services: ServicesService,
    private readonly config: AppConfig,
  ) {}

  async configuration(call: AimCall) {
    const { links, session } = call;
    const configuration = await this.services.fetchConfiguration(session.accountSid, session.serviceSid, links.configuration);
    const sync = userSyncSids(session.userSid);
    const mediaLimitMb = Math.max(1, Math.floor(this.config.media.maxBytes / (1024 * 1024)));
    return ok({
      identity: session.identity,
      url: links.configuration,
      sync_objects: { my_conversations: sync.conversations, my_user_info: sync.info },
      links: {
        my_conversations: links.myConversations,
        conversations: links.conversations,
        users: links.users,
        current_user: links.user(session.identity),
        typing: links.typing,
        media_service: links.mediaService,
        media_set_service: links.mediaSetService,
        messages_receipts: links.receiptsTemplate,
      },
      options: {
        consumption_report_interval: CONSUMPTION_REPORT_INTERVAL,
        user_infos_to_subscribe: USER_INFOS_TO_SUBSCRIBE,
        reachability_enabled: configuration.reachabilityEnabled,
        // No response cache in the SDK: an unread count read right after a new message is current.
        http_cache_interval: 'PT0S',
        my_conversations_page_size: MY_CONVERSATIONS_PAGE_SIZE,
        typing_indicator_timeout: TYPING_TIMEOUT_SECONDS,
        media_attachments_count_limit: MAX_MEDIA_PER_MESSAGE,
        media_attachment_size_limit_in_mb: mediaLimitMb,
        media_attachments_total_size_limit_in_mb: mediaLimitMb * MAX_MEDIA_PER_MESSAGE,
        email_histories_allowed_mime_types: ['text/html'],
        email_bodies_allowed_mime_types: ['text/plain', 'text/html'],
      },
    });
  }

  /** A34: no content templates are served; `next_token` must be null (not missing) or the SDK loops. */
  async contentTemplates(_call: AimCall) {
    return ok({ templates: [], meta: { next_token: null, previous_token: null } });
  }
}

/** Page size of A2 (my conversations). */
export const MY_CONVERSATIONS_PAGE_SIZE = 50;
