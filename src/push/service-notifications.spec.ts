import { UpdateServiceNotificationsDto } from './push.dto';
import { defaultNotifications, readNotifications, updateNotifications } from './service-notifications';

const dto = (fields: Partial<UpdateServiceNotificationsDto>) => Object.assign(new UpdateServiceNotificationsDto(), fields);

describe('service notifications', () => {
  it('a service that never set them answers every field, off, without templates', () => {
    expect(readNotifications(null)).toEqual({
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
    });
    expect(readNotifications(undefined)).toEqual(defaultNotifications());
  });

  it('reads partial or damaged JSON field by field, keeping what is valid', () => {
    const read = readNotifications({
      log_enabled: 'yes',
      new_message: { enabled: true, template: 'New: ${MESSAGE}', with_media: 3 },
      added_to_conversation: [],
      removed_from_conversation: { enabled: true, sound: null, template: 7 },
    });
    expect(read).toEqual({
      log_enabled: false,
      new_message: {
        enabled: true,
        template: 'New: ${MESSAGE}',
        sound: null,
        badge_count_enabled: false,
        with_media: { enabled: false, template: null },
      },
      added_to_conversation: { enabled: false, template: null, sound: null },
      removed_from_conversation: { enabled: true, template: null, sound: null },
    });
  });

  it('an update changes the given fields only', () => {
    const first = updateNotifications(
      defaultNotifications(),
      dto({ newMessageEnabled: true, newMessageTemplate: '${PARTICIPANT}: ${MESSAGE}', newMessageWithMediaEnabled: true }),
    );
    expect(first.new_message).toEqual({
      enabled: true,
      template: '${PARTICIPANT}: ${MESSAGE}',
      sound: null,
      badge_count_enabled: false,
      with_media: { enabled: true, template: null },
    });
    const second = updateNotifications(
      first,
      dto({ logEnabled: true, addedToConversationSound: 'ring', removedFromConversationEnabled: true }),
    );
    expect(second).toEqual({
      ...first,
      log_enabled: true,
      added_to_conversation: { enabled: false, template: null, sound: 'ring' },
      removed_from_conversation: { enabled: true, template: null, sound: null },
    });
    expect(updateNotifications(second, dto({}))).toEqual(second);
  });

  it('an empty template or sound clears it', () => {
    const set = updateNotifications(
      defaultNotifications(),
      dto({ newMessageSound: 'ring', newMessageWithMediaTemplate: '${MEDIA_COUNT} files' }),
    );
    const cleared = updateNotifications(set, dto({ newMessageSound: '', newMessageWithMediaTemplate: '' }));
    expect(cleared).toEqual(defaultNotifications());
  });
});
