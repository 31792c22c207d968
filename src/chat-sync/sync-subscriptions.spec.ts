import type { AppConfig } from '../config/app-config';
import { RouterMetrics } from '../observability/router-metrics';
import type { RealtimeSessions } from '../realtime/realtime-sessions';
import type { RealtimeSession } from '../realtime/realtime.types';
import type { ObjectChanges, SyncProjection } from './sync-projection';
import type { SyncObjectRef } from './sync-objects';
import type { SyncStore } from './sync-store';
import { SyncSubscriptions } from './sync-subscriptions';

const HEX = '0123456789abcdef0123456789abcdef';
const session: RealtimeSession = {
  id: 'session-1',
  accountSid: `AC${HEX}`,
  serviceSid: `IS${HEX}`,
  identity: 'alice',
  userSid: `US${HEX}`,
  apiKeySid: `SK${HEX}`,
  expiresAt: new Date(Date.now() + 3_600_000),
};
const MY: SyncObjectRef = { kind: 'userConversations', sid: `MY${HEX}`, userSid: `US${HEX}` };

const flush = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The subscriptions' bookkeeping, with the projection, the sessions and Redis replaced by fakes
 * that the test drives step by step (the e2e tests run the real ones, but cannot order these races).
 */
describe('SyncSubscriptions', () => {
  it('a change published while a subscription waits for its Redis channel does not orphan the stream', async () => {
    let head = 1;
    const changes = jest.fn(async (_ref: SyncObjectRef, since: number): Promise<ObjectChanges> => {
      const events = head > since ? [{ type: 'map_item_added', id: head, body: {} }] : [];
      return { events, upTo: Math.max(head, since), complete: true, gone: false };
    });
    const projection = { open: jest.fn(async () => MY), changes, mayRead: jest.fn(async () => true) } as unknown as SyncProjection;
    const notified: unknown[] = [];
    const sessions = {
      get: () => session,
      notify: jest.fn(async (_id: string, _type: string, payload: unknown) => {
        notified.push(payload);
        return 'acked';
      }),
      onClosed: jest.fn(),
    } as unknown as RealtimeSessions;
    const subscriptions = new SyncSubscriptions(
      projection,
      sessions,
      {} as SyncStore,
      { queuePrefix: 'unit' } as AppConfig,
      new RouterMetrics(),
    );
    let subscribed!: () => void;
    (subscriptions as unknown as { subscriber: unknown }).subscriber = {
      subscribe: () => new Promise<void>((resolve) => (subscribed = resolve)),
      unsubscribe: async () => undefined,
    };
    const publish = (seq: number) =>
      (subscriptions as unknown as { onPublished(payload: string): void }).onPublished(
        JSON.stringify({
          events: [
            {
              type: 'participant.added',
              serviceSid: session.serviceSid,
              identity: 'alice',
              userSeq: seq,
              conversationSid: null,
              conversationSeq: null,
            },
          ],
        }),
      );

    subscriptions.establish(session, 7, [{ objectSid: MY.sid, objectType: 'map', lastEventId: 0 }]);
    await flush();
    // The user's own change (e.g. its user, created at connect) arrives while the subscription waits.
    head = 2;
    publish(2);
    await flush();
    subscribed();
    await flush();
    await flush();
    expect(subscriptions.count(session.id)).toBe(1);
    expect(notified).toContainEqual(expect.objectContaining({ event_type: 'subscription_established', correlation_id: 7 }));

    // A later change reaches the subscriber: the stream it subscribed to is the one the feed delivers to.
    head = 3;
    notified.length = 0;
    publish(3);
    for (let i = 0; i < 5; i += 1) await flush();
    expect(notified).toContainEqual(expect.objectContaining({ event_type: 'map_item_added', event: expect.objectContaining({ id: 3 }) }));
  });
});
