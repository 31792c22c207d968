import { Client as ChatClient } from 'twilio-chat';
import type { RunningRouter } from './router';
import { EventLog, wsUrl, type ChatTenant } from './realtime';

/** Events of the Programmable Chat Client the tests wait for. */
export const CHAT_EVENTS = [
  'channelAdded',
  'channelInvited',
  'channelJoined',
  'channelLeft',
  'channelRemoved',
  'channelUpdated',
  'memberJoined',
  'memberLeft',
  'messageAdded',
  'typingStarted',
  'typingEnded',
] as const;

/**
 * The official Programmable Chat Client (`twilio-chat` 6.0.0, unmodified) for an identity, pointed
 * at the router through its `twilsock` option, once it has initialised; its events on an EventLog.
 */
export async function chatSdkClient(
  router: RunningRouter,
  tenant: ChatTenant,
  identity: string,
): Promise<{ client: ChatClient; log: EventLog }> {
  const client = new ChatClient(tenant.token({ identity, ttl: 3600 }), {
    twilsock: { uri: wsUrl(router) },
    logLevel: 'silent',
  } as never);
  const log = new EventLog(client, [...CHAT_EVENTS, 'stateChanged']);
  const [state] = await log.next('stateChanged', 15_000);
  if (state !== 'initialized') {
    await client.shutdown().catch(() => undefined);
    throw new Error(`the Chat Client of ${identity} did not initialise: ${String(state)}`);
  }
  return { client, log };
}
