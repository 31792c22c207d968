import { CONVERSATION_PERMISSIONS, DEFAULT_ROLES } from '../services/default-roles';
import { type ChannelAction, type ChannelFacts, decide } from './channel-access.rules';

const role = (key: string) => DEFAULT_ROLES.find((r) => r.key === key)!.permissions;
const serviceUser = role('serviceUser');
const channelUser = role('channelUser');

const facts = (over: Partial<ChannelFacts> & { type?: string }): ChannelFacts => ({
  channel: { sid: 'CH1', type: over.type ?? 'public' },
  member: false,
  invited: false,
  grants: { service: serviceUser, conversation: null },
  ...over,
});
const code = (action: ChannelAction, f: ChannelFacts) => decide(action, f)?.code ?? null;

describe('channel access rules', () => {
  it('a public channel is visible and joinable by a service user; a private one only by invite', () => {
    expect(code({ kind: 'view' }, facts({}))).toBeNull();
    expect(code({ kind: 'join' }, facts({}))).toBeNull();
    expect(code({ kind: 'view' }, facts({ type: 'private' }))).toBe(50300);
    expect(code({ kind: 'join' }, facts({ type: 'private' }))).toBe(50300);
    expect(code({ kind: 'join' }, facts({ type: 'private', invited: true }))).toBeNull();
    expect(
      code({ kind: 'view' }, facts({ type: 'private', member: true, grants: { service: serviceUser, conversation: channelUser } })),
    ).toBeNull();
  });

  it('joining a public channel needs joinChannel; joining twice is 50404', () => {
    expect(code({ kind: 'join' }, facts({ grants: { service: [], conversation: null } }))).toBe(50107);
    expect(code({ kind: 'join' }, facts({ member: true, grants: { service: serviceUser, conversation: channelUser } }))).toBe(50404);
  });

  it('creating a channel needs createChannel', () => {
    expect(code({ kind: 'createChannel' }, { ...facts({}), channel: null })).toBeNull();
    expect(code({ kind: 'createChannel' }, { ...facts({}), channel: null, grants: { service: [], conversation: null } })).toBe(50107);
  });

  it('members send with sendMessage; non-members may not', () => {
    const member = facts({ member: true, grants: { service: serviceUser, conversation: channelUser } });
    expect(code({ kind: 'sendMessage' }, member)).toBeNull();
    expect(code({ kind: 'sendMessage' }, facts({}))).toBe(50107);
    expect(
      code({ kind: 'sendMessage' }, facts({ member: true, grants: { service: serviceUser, conversation: ['leaveConversation'] } })),
    ).toBe(50107);
  });

  it('own messages by editOwnMessage, others by editAnyMessage (or a service-wide grant)', () => {
    const member = facts({ member: true, grants: { service: serviceUser, conversation: channelUser } });
    expect(code({ kind: 'editMessage', own: true }, member)).toBeNull();
    expect(code({ kind: 'editMessage', own: false }, member)).toBe(50107);
    expect(code({ kind: 'deleteMessage', own: true }, member)).toBeNull();
    expect(code({ kind: 'deleteMessage', own: false }, member)).toBe(50107);
    const admin = facts({ member: true, grants: { service: serviceUser, conversation: [...CONVERSATION_PERMISSIONS] } });
    expect(code({ kind: 'deleteMessage', own: false }, admin)).toBeNull();
  });

  it('inviting needs inviteMember or addMember; removing others removeMember; leaving leaveChannel', () => {
    const member = facts({ member: true, grants: { service: serviceUser, conversation: channelUser } });
    expect(code({ kind: 'invite' }, member)).toBe(50107);
    expect(code({ kind: 'invite' }, facts({ member: true, grants: { service: [], conversation: ['inviteMember'] } }))).toBeNull();
    expect(code({ kind: 'invite' }, facts({ member: true, grants: { service: [], conversation: ['addParticipant'] } }))).toBeNull();
    expect(code({ kind: 'removeMember', self: false }, member)).toBe(50107);
    expect(code({ kind: 'removeMember', self: true }, member)).toBeNull();
    expect(code({ kind: 'destroyChannel' }, member)).toBe(50107);
    expect(code({ kind: 'editChannel', name: true, attributes: false }, member)).toBe(50107);
  });
});
