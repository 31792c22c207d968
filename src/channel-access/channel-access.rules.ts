import { Errors } from '../common/errors';
import { TwilioError } from '../common/twilio-error';
import { type Grants, isAllowed, type Permission } from '../roles/permissions';

/** What a chat user asks to do with a channel (Programmable Chat's permission model over a conversation). */
export type ChannelAction =
  | { kind: 'createChannel' }
  | { kind: 'view' }
  | { kind: 'join' }
  | { kind: 'invite' }
  | { kind: 'addMember' }
  | { kind: 'removeMember'; self: boolean }
  | { kind: 'sendMessage'; media?: boolean }
  | { kind: 'editMessage'; own: boolean; attributesOnly?: boolean }
  | { kind: 'deleteMessage'; own: boolean }
  | { kind: 'editChannel'; name: boolean; attributes: boolean }
  | { kind: 'destroyChannel' }
  | { kind: 'editMemberAttributes'; self: boolean };

/**
 * What is known about the user and the channel when deciding (the channel is absent for createChannel).
 * The channel's type is the stored one (ChannelType): `public`, `private`, or `conversation` for one
 * made through the Conversations API.
 */
export interface ChannelFacts {
  channel: { sid: string; type: string } | null;
  /** Who asks (named in errors). */
  identity?: string;
  member: boolean;
  invited: boolean;
  /** The identity created the channel (its created_by). */
  creator?: boolean;
  grants: Grants;
}

export const channelNotFound = (id: string) => new TwilioError(50300, 404, `Channel not found: ${id}`);
export const notAuthorized = (why: string) => new TwilioError(50107, 403, `User not authorized for command (${why})`);
export const alreadyMember = (identity: string) => new TwilioError(50404, 409, `Member already exists: ${identity} is already a member`);
const cannotPeek = () => notAuthorized("not a participant, and the user's roles do not grant joinConversation");

/** Chat-only permissions (inviteMember) are held through either role; the others through their scope. */
function holds(grants: Grants, permission: Permission | 'inviteMember'): boolean {
  if (permission === 'inviteMember') return grants.service.includes(permission) || (grants.conversation?.includes(permission) ?? false);
  return isAllowed(grants, permission);
}

/**
 * Whether the user sees the channel at all. Chat: a public channel is seen by every user of the
 * service, a private one by its members, invitees and creator (it must join it after creating it).
 * A Conversations-made one (`conversation`) is not hidden: besides those, users whose service role
 * grants joinConversation may peek at it (the Conversations SDK's peek before `join()`).
 */
export function channelVisible(facts: ChannelFacts): boolean {
  const { channel } = facts;
  if (channel === null) return false;
  if (channel.type === 'public' || facts.member || facts.invited || facts.creator === true) return true;
  return channel.type === 'conversation' && holds(facts.grants, 'joinConversation');
}

/**
 * Twilio's rules for Chat channels: a public channel is visible to every user of the service and
 * joinable with the service role's joinChannel; a private one is visible only to its members, to
 * those invited and to its creator (50300 to anyone else, as Twilio hides it), and joined by invite
 * (its creator with joinChannel), or added by someone allowed to. A conversation made through the
 * Conversations API keeps Conversations' rules (Chat shows it as private): peeked at and joined with
 * joinConversation, refused with 50107, joined twice 50433. Inside a channel, the member's channel
 * role decides (the service role too, for service-wide permissions).
 * Returns the error to answer, or null when allowed. Permission names are the stored (Conversations) ones.
 */
export function decide(action: ChannelAction, facts: ChannelFacts, channelId = facts.channel?.sid ?? ''): TwilioError | null {
  const { grants } = facts;
  if (action.kind === 'createChannel') return holds(grants, 'createConversation') ? null : notAuthorized('createChannel');
  if (facts.channel === null) return channelNotFound(channelId);
  const conversation = facts.channel.type === 'conversation';
  if (!channelVisible(facts)) {
    // Conversations hides nothing: past the peek and join, its actions are plain role checks.
    if (!conversation) return channelNotFound(channelId);
    if (action.kind === 'view' || action.kind === 'join') return cannotPeek();
  }
  const need = (permission: Permission | 'inviteMember', chatName: string) => (holds(grants, permission) ? null : notAuthorized(chatName));
  const memberOnly = (permission: Permission, chatName: string) =>
    facts.member ? need(permission, chatName) : notAuthorized(`${chatName}: not a member`);
  switch (action.kind) {
    case 'view':
      return null;
    case 'join':
      if (facts.member) {
        const who = facts.identity ?? 'the user';
        return conversation ? Errors.participantExists(who) : alreadyMember(who);
      }
      // An invite is the way into a private channel; the others who see one (its creator), like
      // everyone for a public channel or a Conversations-made one, join with the service role's joinChannel.
      if (facts.invited) return null;
      return need('joinConversation', conversation ? 'joinConversation' : 'joinChannel');
    case 'invite':
      return holds(grants, 'inviteMember') || holds(grants, 'addParticipant') ? null : notAuthorized('inviteMember');
    case 'addMember':
      return need('addParticipant', 'addMember');
    case 'removeMember':
      return action.self ? memberOnly('leaveConversation', 'leaveChannel') : need('removeParticipant', 'removeMember');
    case 'sendMessage':
      return action.media ? memberOnly('sendMediaMessage', 'sendMediaMessage') : memberOnly('sendMessage', 'sendMessage');
    case 'editMessage':
      if (action.attributesOnly) {
        return action.own
          ? need('editOwnMessageAttributes', 'editOwnMessageAttributes')
          : need('editAnyMessageAttributes', 'editAnyMessageAttributes');
      }
      return action.own ? need('editOwnMessage', 'editOwnMessage') : need('editAnyMessage', 'editAnyMessage');
    case 'deleteMessage':
      return action.own ? need('deleteOwnMessage', 'deleteOwnMessage') : need('deleteAnyMessage', 'deleteAnyMessage');
    case 'editChannel':
      return (
        (action.name ? need('editConversationName', 'editChannelName') : null) ??
        (action.attributes ? need('editConversationAttributes', 'editChannelAttributes') : null)
      );
    case 'destroyChannel':
      return need('deleteConversation', 'destroyChannel');
    case 'editMemberAttributes':
      return action.self
        ? need('editOwnParticipantAttributes', 'editOwnMemberAttributes')
        : need('editAnyParticipantAttributes', 'editAnyMemberAttributes');
  }
}
