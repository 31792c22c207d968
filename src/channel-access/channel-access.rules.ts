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

/** What is known about the user and the channel when deciding (the channel is absent for createChannel). */
export interface ChannelFacts {
  channel: { sid: string; type: string } | null;
  member: boolean;
  invited: boolean;
  grants: Grants;
}

export const channelNotFound = (id: string) => new TwilioError(50300, 404, `Channel not found: ${id}`);
export const notAuthorized = (why: string) => new TwilioError(50107, 403, `User not authorized for command (${why})`);
export const alreadyMember = (identity: string) => new TwilioError(50404, 409, `Member already exists: ${identity} is already a member`);

/** Chat-only permissions (inviteMember) are held through either role; the others through their scope. */
function holds(grants: Grants, permission: Permission | 'inviteMember'): boolean {
  if (permission === 'inviteMember') return grants.service.includes(permission) || (grants.conversation?.includes(permission) ?? false);
  return isAllowed(grants, permission);
}

/**
 * Twilio's rules for Chat channels: a public channel is visible to every user of the service and
 * joinable with the service role's joinChannel; a private one is visible only to its members and to
 * those invited, and joined by invite (or added by someone allowed to). Inside a channel, the
 * member's channel role decides (the service role too, for service-wide permissions).
 * Returns the error to answer, or null when allowed. Permission names are the stored (Conversations) ones.
 */
export function decide(action: ChannelAction, facts: ChannelFacts, channelId = facts.channel?.sid ?? ''): TwilioError | null {
  const { grants } = facts;
  if (action.kind === 'createChannel') return holds(grants, 'createConversation') ? null : notAuthorized('createChannel');
  const visible = facts.channel !== null && (facts.channel.type === 'public' || facts.member || facts.invited);
  if (!visible) return channelNotFound(channelId);
  const need = (permission: Permission | 'inviteMember', chatName: string) => (holds(grants, permission) ? null : notAuthorized(chatName));
  const memberOnly = (permission: Permission, chatName: string) =>
    facts.member ? need(permission, chatName) : notAuthorized(`${chatName}: not a member`);
  switch (action.kind) {
    case 'view':
      return null;
    case 'join':
      if (facts.member) return alreadyMember('the user');
      // An invite is the way into a private channel; a public one needs the service role's joinChannel.
      if (facts.channel!.type === 'private') return facts.invited ? null : notAuthorized('joinChannel: private channel without an invite');
      return facts.invited ? null : need('joinConversation', 'joinChannel');
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
