import { v1Path } from './v1-paths';

/** Which REST API a request came through: Conversations v1 (default) or Programmable Chat v2. */
export type RestApi = 'v1' | 'chat';

/** Chat v2 names of the Conversations resources it shares (a conversation is a channel, a participant a member). */
const CHAT_NAMES: Record<string, string> = { Conversations: 'Channels', Participants: 'Members' };

/**
 * The path of a resource as the caller's API names it, for error messages: `/v1/...` (or
 * `/v1/Services/{IS}/...`) through Conversations, `/v2/Services/{IS}/Channels/...` through Chat v2.
 * Segments are given with the Conversations names.
 */
export function resourcePath(scope: { scoped: boolean; serviceSid: string; api?: RestApi }, ...segments: string[]): string {
  if (scope.api === 'chat') return `/v2/Services/${scope.serviceSid}/` + segments.map((s) => CHAT_NAMES[s] ?? s).join('/');
  return v1Path(scope, ...segments);
}
