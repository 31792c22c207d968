/** The Sync object types of the CDS API. */
export type SyncObjectType = 'document' | 'list' | 'map';

/**
 * What a Sync object the chat SDK reads is a projection of (docs/change-feed.md, "Sync object SIDs"):
 * a conversation's document, messages list or roster map, or a user's info map or conversation list.
 */
export type SyncObjectRef =
  | { kind: 'conversation'; sid: string; conversationSid: string; chatName?: boolean }
  | { kind: 'messages'; sid: string; conversationSid: string }
  | { kind: 'roster'; sid: string; conversationSid: string }
  | { kind: 'userInfo'; sid: string; userSid: string }
  | { kind: 'userConversations'; sid: string; userSid: string };

export type SyncObjectKind = SyncObjectRef['kind'];

export const OBJECT_TYPE: Record<SyncObjectKind, SyncObjectType> = {
  conversation: 'document',
  messages: 'list',
  roster: 'map',
  userInfo: 'map',
  userConversations: 'map',
};

const SHAPE = /^(ET|ES|MP|MY)([0-9a-f]{32})$/i;
/** The Chat SDK names a channel's document `CH<hex>.channel` when it has no SID for it (a channel descriptor's). */
const CHANNEL_NAME = /^CH([0-9a-f]{32})\.channel$/i;

/**
 * The candidates an object SID may stand for. A roster and a user-info map share the `MP` prefix
 * (both are maps of 32 hex digits), so an `MP` SID has two candidates; the store tells which exists.
 */
export function candidatesOf(objectSid: string, type: SyncObjectType): SyncObjectRef[] {
  const channel = CHANNEL_NAME.exec(objectSid);
  if (channel) {
    const hex = channel[1].toLowerCase();
    return type === 'document' ? [{ kind: 'conversation', sid: `ET${hex}`, conversationSid: `CH${hex}`, chatName: true }] : [];
  }
  const match = SHAPE.exec(objectSid);
  if (!match) return [];
  const prefix = match[1].toUpperCase();
  const hex = match[2].toLowerCase();
  const sid = `${prefix}${hex}`;
  const conversationSid = `CH${hex}`;
  const userSid = `US${hex}`;
  switch (prefix) {
    case 'ET':
      return type === 'document' ? [{ kind: 'conversation', sid, conversationSid }] : [];
    case 'ES':
      return type === 'list' ? [{ kind: 'messages', sid, conversationSid }] : [];
    case 'MY':
      return type === 'map' ? [{ kind: 'userConversations', sid, userSid }] : [];
    default:
      return type === 'map'
        ? [
            { kind: 'roster', sid, conversationSid },
            { kind: 'userInfo', sid, userSid },
          ]
        : [];
  }
}
