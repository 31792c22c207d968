import { TwilioError } from '../common/twilio-error';
import { CONVERSATION_PERMISSIONS, DEFAULT_ROLES, SERVICE_PERMISSIONS } from '../services/default-roles';
import { isAllowed, isPermission, rolePermissions } from './permissions';

const role = (key: string) => DEFAULT_ROLES.find((r) => r.key === key)!.permissions;

describe('rolePermissions', () => {
  it('keeps the permissions of the role type, in the given order, once each', () => {
    expect(rolePermissions('conversation', ['sendMessage', 'leaveConversation', 'sendMessage', ' deleteOwnMessage '])).toEqual([
      'sendMessage',
      'leaveConversation',
      'deleteOwnMessage',
    ]);
    expect(rolePermissions('service', [...SERVICE_PERMISSIONS])).toEqual([...SERVICE_PERMISSIONS]);
    expect(rolePermissions('conversation', [...CONVERSATION_PERMISSIONS])).toEqual([...CONVERSATION_PERMISSIONS]);
  });

  it('refuses a permission of the other type or an unknown one with 50104, naming it and the accepted ones', () => {
    const cases: ['service' | 'conversation', string][] = [
      ['service', 'sendMessage'],
      ['service', 'leaveConversation'],
      ['conversation', 'createConversation'],
      ['conversation', 'joinConversation'],
      ['conversation', 'SendMessage'],
      ['service', ''],
    ];
    for (const [type, permission] of cases) {
      let error: unknown;
      try {
        rolePermissions(type, ['addParticipant', permission]);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(TwilioError);
      expect(error).toMatchObject({ code: 50104, status: 400 });
      expect((error as TwilioError).message).toContain(`'${permission}'`);
      expect((error as TwilioError).message).toContain(`${type} roles`);
    }
  });
});

describe('isAllowed', () => {
  const serviceUser = role('serviceUser');
  const serviceAdmin = role('serviceAdmin');
  const channelUser = role('channelUser');
  const channelAdmin = role('channelAdmin');

  it('outside a conversation, only the service role counts', () => {
    expect(isAllowed({ service: serviceUser, conversation: null }, 'createConversation')).toBe(true);
    expect(isAllowed({ service: serviceUser, conversation: null }, 'joinConversation')).toBe(true);
    expect(isAllowed({ service: serviceUser, conversation: null }, 'deleteConversation')).toBe(false);
    expect(isAllowed({ service: serviceUser, conversation: null }, 'sendMessage')).toBe(false);
  });

  it('conversation-scope permissions come from the participant’s role only', () => {
    expect(isAllowed({ service: serviceUser, conversation: channelUser }, 'sendMessage')).toBe(true);
    expect(isAllowed({ service: serviceUser, conversation: channelUser }, 'removeParticipant')).toBe(false);
    expect(isAllowed({ service: serviceUser, conversation: channelAdmin }, 'removeParticipant')).toBe(true);
    // sendMessage is not a service permission: a service admin that is no participant cannot send.
    expect(isAllowed({ service: serviceAdmin, conversation: null }, 'sendMessage')).toBe(false);
    expect(isAllowed({ service: [], conversation: [] }, 'sendMessage')).toBe(false);
  });

  it('service-scope permissions apply in every conversation (a service admin moderates)', () => {
    expect(isAllowed({ service: serviceAdmin, conversation: null }, 'deleteAnyMessage')).toBe(true);
    expect(isAllowed({ service: serviceAdmin, conversation: channelUser }, 'removeParticipant')).toBe(true);
    expect(isAllowed({ service: serviceUser, conversation: channelUser }, 'deleteAnyMessage')).toBe(false);
  });

  it('a permission held in a role of the wrong scope grants nothing', () => {
    // A conversation role listing a service-only permission (not possible through the API, but rows may be edited).
    expect(isAllowed({ service: [], conversation: ['createConversation'] }, 'createConversation')).toBe(false);
    expect(isAllowed({ service: ['sendMessage'], conversation: null }, 'sendMessage')).toBe(false);
  });

  it('"Any" permissions imply their "Own" counterparts', () => {
    expect(isAllowed({ service: [], conversation: ['deleteAnyMessage'] }, 'deleteOwnMessage')).toBe(true);
    expect(isAllowed({ service: ['editAnyMessage'], conversation: null }, 'editOwnMessage')).toBe(true);
    expect(isAllowed({ service: ['editAnyMessageAttributes'], conversation: null }, 'editOwnMessageAttributes')).toBe(true);
    expect(isAllowed({ service: ['editAnyUserInfo'], conversation: null }, 'editOwnUserInfo')).toBe(true);
    expect(isAllowed({ service: [], conversation: ['editAnyParticipantAttributes'] }, 'editOwnParticipantAttributes')).toBe(true);
    expect(isAllowed({ service: [], conversation: ['deleteOwnMessage'] }, 'deleteAnyMessage')).toBe(false);
  });

  it('the default channel user may do what a chat member needs, and no more', () => {
    const grants = { service: serviceUser, conversation: channelUser };
    const allowed = [...new Set([...SERVICE_PERMISSIONS, ...CONVERSATION_PERMISSIONS])].filter((p) => isAllowed(grants, p)).sort();
    expect(allowed).toEqual(
      [
        'createConversation',
        'deleteOwnMessage',
        'editNotificationLevel',
        'editOwnMessage',
        'editOwnMessageAttributes',
        'editOwnParticipantAttributes',
        'editOwnUserInfo',
        'joinConversation',
        'leaveConversation',
        'sendMediaMessage',
        'sendMessage',
      ].sort(),
    );
  });
});

describe('isPermission', () => {
  it('knows the names of both scopes and nothing else', () => {
    expect(isPermission('sendMessage')).toBe(true);
    expect(isPermission('createConversation')).toBe(true);
    expect(isPermission('sendmessage')).toBe(false);
    expect(isPermission('')).toBe(false);
  });
});
