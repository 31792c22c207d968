/**
 * The SIDs of the Sync objects the chat SDKs read, derived from the domain SIDs so that nothing else
 * has to be stored (the SDK treats them as opaque; docs/change-feed.md).
 */
const hexOf = (sid: string) => sid.slice(2).toLowerCase();

export interface ConversationSyncSids {
  /** The conversation document. */
  document: string;
  /** Its messages list. */
  messages: string;
  /** Its roster map (participants). */
  roster: string;
}

export interface UserSyncSids {
  /** The user-info map (friendlyName, attributes, reachability). */
  info: string;
  /** The user's conversation list map (`my_conversations`), keyed by CH. */
  conversations: string;
}

export function conversationSyncSids(conversationSid: string): ConversationSyncSids {
  const hex = hexOf(conversationSid);
  return { document: `ET${hex}`, messages: `ES${hex}`, roster: `MP${hex}` };
}

export function userSyncSids(userSid: string): UserSyncSids {
  const hex = hexOf(userSid);
  return { info: `MP${hex}`, conversations: `MY${hex}` };
}
