import type { NotificationTemplate, ServiceNotifications } from './push.types';
import type { UpdateServiceNotificationsDto } from './push.dto';

/** What a service that never set its notifications answers: everything off, no templates or sounds. */
export function defaultNotifications(): ServiceNotifications {
  return {
    log_enabled: false,
    new_message: {
      enabled: false,
      template: null,
      sound: null,
      badge_count_enabled: false,
      with_media: { enabled: false, template: null },
    },
    added_to_conversation: { enabled: false, template: null, sound: null },
    removed_from_conversation: { enabled: false, template: null, sound: null },
  };
}

type Json = Record<string, unknown>;
const object = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
const text = (value: unknown, fallback: string | null) => (typeof value === 'string' ? value : value === null ? null : fallback);

function template(stored: unknown, fallback: NotificationTemplate): NotificationTemplate {
  const s = object(stored);
  return {
    enabled: bool(s.enabled, fallback.enabled),
    template: text(s.template, fallback.template),
    sound: text(s.sound, fallback.sound),
  };
}

/** The full shape from what services.notifications holds (null, partial or complete). */
export function readNotifications(stored: unknown): ServiceNotifications {
  const d = defaultNotifications();
  const s = object(stored);
  const newMessage = object(s.new_message);
  const withMedia = object(newMessage.with_media);
  return {
    log_enabled: bool(s.log_enabled, d.log_enabled),
    new_message: {
      ...template(newMessage, d.new_message),
      badge_count_enabled: bool(newMessage.badge_count_enabled, d.new_message.badge_count_enabled),
      with_media: {
        enabled: bool(withMedia.enabled, d.new_message.with_media.enabled),
        template: text(withMedia.template, d.new_message.with_media.template),
      },
    },
    added_to_conversation: template(s.added_to_conversation, d.added_to_conversation),
    removed_from_conversation: template(s.removed_from_conversation, d.removed_from_conversation),
    ...(s.invited_to_channel ? { invited_to_channel: template(s.invited_to_channel, d.added_to_conversation) } : {}),
  };
}

/** Chat v2's invite notification fields (Notifications.InvitedToChannel.*). */
export interface InvitedToChannelInput {
  invitedToChannelEnabled?: boolean;
  invitedToChannelTemplate?: string;
  invitedToChannelSound?: string;
}

/** UpdateServiceNotification: the given fields change, the others keep their value; an empty template or sound clears it. */
export function updateNotifications(
  current: ServiceNotifications,
  dto: UpdateServiceNotificationsDto & InvitedToChannelInput,
): ServiceNotifications {
  const pick = <T>(value: T | undefined, fallback: T) => (value === undefined ? fallback : value);
  const clear = (value: string | undefined, fallback: string | null) => (value === undefined ? fallback : value === '' ? null : value);
  const n = current;
  return {
    log_enabled: pick(dto.logEnabled, n.log_enabled),
    new_message: {
      enabled: pick(dto.newMessageEnabled, n.new_message.enabled),
      template: clear(dto.newMessageTemplate, n.new_message.template),
      sound: clear(dto.newMessageSound, n.new_message.sound),
      badge_count_enabled: pick(dto.newMessageBadgeCountEnabled, n.new_message.badge_count_enabled),
      with_media: {
        enabled: pick(dto.newMessageWithMediaEnabled, n.new_message.with_media.enabled),
        template: clear(dto.newMessageWithMediaTemplate, n.new_message.with_media.template),
      },
    },
    added_to_conversation: {
      enabled: pick(dto.addedToConversationEnabled, n.added_to_conversation.enabled),
      template: clear(dto.addedToConversationTemplate, n.added_to_conversation.template),
      sound: clear(dto.addedToConversationSound, n.added_to_conversation.sound),
    },
    removed_from_conversation: {
      enabled: pick(dto.removedFromConversationEnabled, n.removed_from_conversation.enabled),
      template: clear(dto.removedFromConversationTemplate, n.removed_from_conversation.template),
      sound: clear(dto.removedFromConversationSound, n.removed_from_conversation.sound),
    },
    ...(n.invited_to_channel ||
    dto.invitedToChannelEnabled !== undefined ||
    dto.invitedToChannelTemplate !== undefined ||
    dto.invitedToChannelSound !== undefined
      ? {
          invited_to_channel: {
            enabled: pick(dto.invitedToChannelEnabled, n.invited_to_channel?.enabled ?? false),
            template: clear(dto.invitedToChannelTemplate, n.invited_to_channel?.template ?? null),
            sound: clear(dto.invitedToChannelSound, n.invited_to_channel?.sound ?? null),
          },
        }
      : {}),
  };
}
