import { CONVERSATION_PERMISSIONS, DEFAULT_ROLES } from '../services/default-roles';
import { type ChannelAction, type ChannelFacts, channelVisible, decide } from './channel-access.rules';

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

  describe('a Chat private channel (Chat v2 REST, the Chat SDK, Flex)', () => {
    const privateOf = (over: Partial<ChannelFacts>) => facts({ type: 'private', ...over });

    it('is hidden from a user with joinConversation who is neither member, invitee nor creator: 50300 to peek, join or add', () => {
      expect(channelVisible(privateOf({}))).toBe(false);
      expect(code({ kind: 'view' }, privateOf({}))).toBe(50300);
      expect(code({ kind: 'join' }, privateOf({}))).toBe(50300);
      const admin = { service: role('serviceAdmin'), conversation: null };
      expect(code({ kind: 'view' }, privateOf({ grants: admin }))).toBe(50300);
      expect(code({ kind: 'addMember' }, privateOf({ grants: admin }))).toBe(50300);
      expect(decide({ kind: 'view' }, privateOf({}), 'CHsecret')?.message).toBe('Channel not found: CHsecret');
    });

    it('is joined by invite, whatever the service role, and seen and joined (with joinChannel) by its creator', () => {
      expect(code({ kind: 'view' }, privateOf({ invited: true }))).toBeNull();
      expect(code({ kind: 'join' }, privateOf({ invited: true, grants: { service: [], conversation: null } }))).toBeNull();
      expect(code({ kind: 'view' }, privateOf({ creator: true }))).toBeNull();
      expect(code({ kind: 'join' }, privateOf({ creator: true }))).toBeNull();
      expect(code({ kind: 'join' }, privateOf({ creator: true, grants: { service: ['createConversation'], conversation: null } }))).toBe(
        50107,
      );
    });

    it('members with addParticipant add others; joining twice is 50404', () => {
      const admin = privateOf({ member: true, grants: { service: serviceUser, conversation: role('channelAdmin') } });
      expect(code({ kind: 'addMember' }, admin)).toBeNull();
      expect(code({ kind: 'addMember' }, privateOf({ member: true, grants: { service: serviceUser, conversation: channelUser } }))).toBe(
        50107,
      );
      expect(code({ kind: 'join' }, admin)).toBe(50404);
    });
  });

  describe('a Conversations-made conversation (REST v1, the Conversations SDK): Chat shows it as private, Conversations rules apply', () => {
    const made = (over: Partial<ChannelFacts>) => facts({ type: 'conversation', ...over });
    const noJoining = { service: ['createConversation'], conversation: null };

    it('is peeked at and joined by a user whose service role grants joinConversation', () => {
      expect(channelVisible(made({}))).toBe(true);
      expect(code({ kind: 'view' }, made({}))).toBeNull();
      expect(code({ kind: 'join' }, made({}))).toBeNull();
    });

    it('refuses both without joinConversation with 50107 (not hidden: Conversations has no private conversations)', () => {
      expect(channelVisible(made({ grants: noJoining }))).toBe(false);
      expect(code({ kind: 'view' }, made({ grants: noJoining }))).toBe(50107);
      expect(code({ kind: 'join' }, made({ grants: noJoining }))).toBe(50107);
      // Its creator peeks (the SDK reads what it created) but joins only with joinConversation.
      expect(code({ kind: 'view' }, made({ grants: noJoining, creator: true }))).toBeNull();
      expect(code({ kind: 'join' }, made({ grants: noJoining, creator: true }))).toBe(50107);
      // An invite (Chat v2 REST may invite to it) lets in as for a Chat channel.
      expect(code({ kind: 'join' }, made({ grants: noJoining, invited: true }))).toBeNull();
    });

    it("past the peek, its actions are plain role checks: adding needs addParticipant, joining twice is Conversations' 50433", () => {
      const serviceAdder = { service: ['addParticipant'], conversation: null };
      expect(code({ kind: 'addMember' }, made({ grants: serviceAdder }))).toBeNull();
      expect(code({ kind: 'addMember' }, made({}))).toBe(50107);
      const member = made({ identity: 'alice', member: true, grants: { service: serviceUser, conversation: channelUser } });
      expect(decide({ kind: 'join' }, member)).toMatchObject({ code: 50433, status: 409, message: expect.stringContaining('alice') });
    });
  });

  it('a public channel is seen by everyone, whatever the roles', () => {
    expect(channelVisible(facts({ grants: { service: [], conversation: null } }))).toBe(true);
    expect(code({ kind: 'view' }, facts({ grants: { service: [], conversation: null } }))).toBeNull();
  });
});
